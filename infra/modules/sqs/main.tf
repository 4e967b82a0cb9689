locals {
  suffix   = var.fifo ? ".fifo" : ""
  use_kms  = var.kms_key_arn != null
  dlq_name = "${var.name}-dlq${local.suffix}"
}

# The dead-letter queue: receives what the main queue could not deliver after
# max_receive_count attempts. Same encryption and FIFO-ness as the main queue.
resource "aws_sqs_queue" "dlq" {
  name                        = local.dlq_name
  fifo_queue                  = var.fifo
  content_based_deduplication = var.fifo ? var.content_based_deduplication : null
  message_retention_seconds   = var.dlq_message_retention_seconds
  receive_wait_time_seconds   = var.receive_wait_time_seconds

  sqs_managed_sse_enabled           = local.use_kms ? null : true
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = local.use_kms ? var.kms_data_key_reuse_period_seconds : null

  tags = merge(var.tags, { Name = local.dlq_name, "queue-role" = "dead-letter" })
}

resource "aws_sqs_queue" "this" {
  name                        = "${var.name}${local.suffix}"
  fifo_queue                  = var.fifo
  content_based_deduplication = var.fifo ? var.content_based_deduplication : null
  visibility_timeout_seconds  = var.visibility_timeout_seconds
  message_retention_seconds   = var.message_retention_seconds
  receive_wait_time_seconds   = var.receive_wait_time_seconds
  delay_seconds               = var.delay_seconds

  sqs_managed_sse_enabled           = local.use_kms ? null : true
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = local.use_kms ? var.kms_data_key_reuse_period_seconds : null

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = merge(var.tags, { Name = "${var.name}${local.suffix}", "queue-role" = "main" })
}

# Only the main queue may use the DLQ as its dead-letter target.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this.arn]
  })
}

# Refuse every request that does not use TLS, on both queues.
resource "aws_sqs_queue_policy" "tls_only" {
  for_each = {
    main = { url = aws_sqs_queue.this.id, arn = aws_sqs_queue.this.arn }
    dlq  = { url = aws_sqs_queue.dlq.id, arn = aws_sqs_queue.dlq.arn }
  }

  queue_url = each.value.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = each.value.arn
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
