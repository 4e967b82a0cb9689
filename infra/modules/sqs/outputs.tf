output "queue_url" {
  description = "URL of the main queue (what producers and consumers use)."
  value       = aws_sqs_queue.this.url
}

output "queue_arn" {
  description = "ARN of the main queue (for IAM policies)."
  value       = aws_sqs_queue.this.arn
}

output "queue_name" {
  description = "Name of the main queue."
  value       = aws_sqs_queue.this.name
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dlq.url
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "encryption" {
  description = "Server-side encryption of both queues: SSE-KMS (customer-managed key) or SSE-SQS."
  value       = local.use_kms ? "SSE-KMS" : "SSE-SQS"
}

output "kms_key_arn" {
  description = "The KMS key that encrypts the queues (null for SSE-SQS); consumers need kms:Decrypt on it."
  value       = var.kms_key_arn
}
