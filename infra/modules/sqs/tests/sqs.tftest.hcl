mock_provider "aws" {
  source = "../../testing/aws"
}

variables {
  name = "orders"
}

run "standard_queue_with_dlq_and_sse_sqs" {
  command = plan

  assert {
    condition     = aws_sqs_queue.this.name == "orders" && aws_sqs_queue.dlq.name == "orders-dlq"
    error_message = "Main queue and dead-letter queue must be named <name> and <name>-dlq."
  }
  assert {
    condition     = aws_sqs_queue.this.fifo_queue == false && aws_sqs_queue.dlq.fifo_queue == false
    error_message = "Queues must be standard queues by default."
  }
  assert {
    condition     = aws_sqs_queue.this.sqs_managed_sse_enabled == true && aws_sqs_queue.dlq.sqs_managed_sse_enabled == true
    error_message = "Without a KMS key both queues must use SSE-SQS."
  }
  assert {
    condition     = output.encryption == "SSE-SQS"
    error_message = "The encryption output must say SSE-SQS."
  }
  assert {
    condition     = aws_sqs_queue.dlq.message_retention_seconds >= aws_sqs_queue.this.message_retention_seconds
    error_message = "The DLQ must keep messages at least as long as the main queue."
  }
}

run "redrive_points_at_the_dlq" {
  # apply against the mocked provider: ARNs become known.
  command = apply

  variables {
    max_receive_count = 3
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).deadLetterTargetArn == aws_sqs_queue.dlq.arn
    error_message = "The main queue's redrive policy must target the DLQ."
  }
  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).maxReceiveCount == 3
    error_message = "maxReceiveCount must follow max_receive_count."
  }
  assert {
    condition     = jsondecode(aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy).sourceQueueArns == [aws_sqs_queue.this.arn]
    error_message = "Only the main queue may redrive into the DLQ."
  }
  assert {
    condition = alltrue([
      for p in aws_sqs_queue_policy.tls_only :
      jsondecode(p.policy).Statement[0].Effect == "Deny" && jsondecode(p.policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false"
    ])
    error_message = "Both queues must deny requests without TLS."
  }
}

run "fifo_with_customer_managed_key" {
  command = plan

  variables {
    fifo                        = true
    content_based_deduplication = true
    kms_key_arn                 = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  assert {
    condition     = aws_sqs_queue.this.name == "orders.fifo" && aws_sqs_queue.dlq.name == "orders-dlq.fifo"
    error_message = "FIFO queue names must end in .fifo."
  }
  assert {
    condition     = aws_sqs_queue.this.fifo_queue && aws_sqs_queue.dlq.fifo_queue && aws_sqs_queue.this.content_based_deduplication
    error_message = "Both queues must be FIFO, with content-based deduplication on the main queue."
  }
  assert {
    condition     = aws_sqs_queue.this.kms_master_key_id == var.kms_key_arn && aws_sqs_queue.dlq.kms_master_key_id == var.kms_key_arn
    error_message = "Both queues must be encrypted with the given KMS key."
  }
  assert {
    condition     = output.encryption == "SSE-KMS"
    error_message = "The encryption output must say SSE-KMS."
  }
}

run "rejects_upper_case_name_misplaced_deduplication_and_key_alias" {
  command = plan
  variables {
    name                        = "Orders"
    content_based_deduplication = true
    kms_key_arn                 = "alias/my-key"
  }
  expect_failures = [var.name, var.content_based_deduplication, var.kms_key_arn]
}

run "rejects_out_of_range_sizes" {
  command = plan
  variables {
    max_receive_count          = 0
    message_retention_seconds  = -1
    visibility_timeout_seconds = 50000
  }
  expect_failures = [var.max_receive_count, var.message_retention_seconds, var.visibility_timeout_seconds]
}
