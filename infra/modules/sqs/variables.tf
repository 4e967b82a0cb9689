variable "name" {
  description = "Base name of the queue (the dead-letter queue gets the suffix -dlq). Lower-case letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{1,61}[a-z0-9])$", var.name))
    error_message = "The queue name must be 3-63 characters of lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "fifo" {
  description = "Create FIFO queues (exactly-once processing, ordering per message group). Both queue names then end in .fifo."
  type        = bool
  default     = false
  nullable    = false
}

variable "content_based_deduplication" {
  description = "FIFO only: deduplicate messages by a SHA-256 of their body instead of an explicit deduplication ID."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.content_based_deduplication || var.fifo
    error_message = "content_based_deduplication is only allowed on FIFO queues (set fifo = true)."
  }
}

variable "visibility_timeout_seconds" {
  description = "How long a received message stays invisible to other consumers (0-43200 s). Should exceed the consumer's processing time."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200 && floor(var.visibility_timeout_seconds) == var.visibility_timeout_seconds
    error_message = "visibility_timeout_seconds must be a whole number between 0 and 43200 (12 hours)."
  }
}

variable "message_retention_seconds" {
  description = "How long the main queue keeps a message (60-1209600 s)."
  type        = number
  default     = 345600
  nullable    = false

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600 && floor(var.message_retention_seconds) == var.message_retention_seconds
    error_message = "message_retention_seconds must be a whole number between 60 (1 minute) and 1209600 (14 days)."
  }
}

variable "dlq_message_retention_seconds" {
  description = "How long the dead-letter queue keeps a message (60-1209600 s). Keep it longer than the main queue's retention."
  type        = number
  default     = 1209600
  nullable    = false

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600 && floor(var.dlq_message_retention_seconds) == var.dlq_message_retention_seconds
    error_message = "dlq_message_retention_seconds must be a whole number between 60 (1 minute) and 1209600 (14 days)."
  }
}

variable "max_receive_count" {
  description = "How many times a message is received before SQS moves it to the dead-letter queue (1-1000)."
  type        = number
  default     = 5
  nullable    = false

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number between 1 and 1000."
  }
}

variable "receive_wait_time_seconds" {
  description = "Long-polling wait of ReceiveMessage (0-20 s)."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.receive_wait_time_seconds >= 0 && var.receive_wait_time_seconds <= 20
    error_message = "receive_wait_time_seconds must be between 0 and 20."
  }
}

variable "delay_seconds" {
  description = "Delivery delay of every message (0-900 s)."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.delay_seconds >= 0 && var.delay_seconds <= 900
    error_message = "delay_seconds must be between 0 and 900 (15 minutes)."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer-managed KMS key for SSE-KMS. null uses SQS-managed server-side encryption (SSE-SQS); the queues are encrypted either way."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key (arn:aws:kms:REGION:ACCOUNT:key/ID) or null."
  }
}

variable "kms_data_key_reuse_period_seconds" {
  description = "SSE-KMS only: how long SQS reuses a data key before calling KMS again (60-86400 s)."
  type        = number
  default     = 300
  nullable    = false

  validation {
    condition     = var.kms_data_key_reuse_period_seconds >= 60 && var.kms_data_key_reuse_period_seconds <= 86400
    error_message = "kms_data_key_reuse_period_seconds must be between 60 and 86400."
  }
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
  nullable    = false
}
