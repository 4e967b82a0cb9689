variable "name" {
  description = "Replication group ID: 3-40 lower-case letters, digits and single hyphens, starting with a letter."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 3-40 characters of lower-case letters, digits and single hyphens, start with a letter and end with a letter or digit."
  }
}

variable "environment" {
  description = "Environment: dev, staging or prod. Selects replicas, multi-AZ and snapshot presets."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of: dev, staging, prod."
  }
}

variable "vpc_id" {
  description = "VPC of the cache."
  type        = string
}

variable "subnet_ids" {
  description = "Private (database) subnets for the cache nodes, one per AZ."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids must list at least one subnet."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups (the service's) that may connect to the cache port. No CIDR is ever admitted."
  type        = list(string)

  validation {
    condition     = length(var.allowed_security_group_ids) >= 1
    error_message = "allowed_security_group_ids must list at least one security group (the service's)."
  }
}

variable "engine_version" {
  description = "Redis OSS engine version: 6.2, 7.0 or 7.1."
  type        = string
  default     = "7.1"
  nullable    = false

  validation {
    condition     = contains(["6.2", "7.0", "7.1"], var.engine_version)
    error_message = "engine_version must be 6.2, 7.0 or 7.1."
  }
}

variable "node_type" {
  description = "Cache node type (e.g. cache.t4g.micro, cache.r7g.large)."
  type        = string
  default     = "cache.t4g.small"
  nullable    = false

  validation {
    condition     = can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.node_type))
    error_message = "node_type must be an ElastiCache node type such as cache.t4g.small."
  }
}

variable "cluster_mode_enabled" {
  description = "Redis cluster mode: data sharded over num_shards node groups (clients must be cluster-aware)."
  type        = bool
  default     = false
  nullable    = false
}

variable "num_shards" {
  description = "Cluster mode only: number of shards (node groups), 1-500."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.num_shards >= 1 && var.num_shards <= 500 && floor(var.num_shards) == var.num_shards
    error_message = "num_shards must be a whole number between 1 and 500."
  }

  validation {
    condition     = var.cluster_mode_enabled || var.num_shards == 1
    error_message = "num_shards greater than 1 needs cluster_mode_enabled = true."
  }
}

variable "replicas" {
  description = "Read replicas per shard (0-5). null applies the environment preset: 0 in dev, 1 in staging, 2 in prod."
  type        = number
  default     = null

  validation {
    condition     = var.replicas == null || try(var.replicas >= 0 && var.replicas <= 5 && floor(var.replicas) == var.replicas, false)
    error_message = "replicas must be a whole number between 0 and 5."
  }
}

variable "multi_az" {
  description = "Multi-AZ with automatic failover. null applies the environment preset (on in staging and prod). Needs at least one replica."
  type        = bool
  default     = null
}

variable "kms_key_arn" {
  description = "KMS key for encryption at rest of the cache and of its AUTH token secret."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "logs_kms_key_arn" {
  description = "KMS key of the slow-log log group. null: CloudWatch Logs' own encryption."
  type        = string
  default     = null

  validation {
    condition     = var.logs_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be the ARN of a KMS key or null."
  }
}

variable "port" {
  description = "TCP port of the cache."
  type        = number
  default     = 6379
  nullable    = false

  validation {
    condition     = var.port >= 1024 && var.port <= 65535
    error_message = "port must be between 1024 and 65535."
  }
}

variable "snapshot_retention_days" {
  description = "Days of automatic snapshots (0-35). null applies the environment preset: 1 in dev, 3 in staging, 7 in prod."
  type        = number
  default     = null

  validation {
    condition     = var.snapshot_retention_days == null || try(var.snapshot_retention_days >= 0 && var.snapshot_retention_days <= 35, false)
    error_message = "snapshot_retention_days must be between 0 and 35."
  }
}

variable "auth_token_secret_name" {
  description = "Name of the Secrets Manager secret that holds the AUTH token. null: elasticache/<name>/auth-token."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
  nullable    = false
}
