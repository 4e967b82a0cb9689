# ---------------------------------------------------------------------------
# Set by the portal for each service and environment.
# ---------------------------------------------------------------------------

variable "service_name" {
  description = "Name of the service (the catalog Component): a DNS-1123 label of 3-40 characters, no consecutive hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{1,38}[a-z0-9])$", var.service_name))
    error_message = "service_name must be a DNS-1123 label of 3-40 characters: lower-case letters, digits and hyphens, starting with a letter and ending with a letter or digit (no upper case, no underscores)."
  }

  validation {
    condition     = !strcontains(var.service_name, "--")
    error_message = "service_name must not contain consecutive hyphens (ElastiCache and RDS identifiers forbid them)."
  }
}

variable "environment" {
  description = "Environment: dev, staging or prod. Selects the presets (dev: small, single-AZ; prod: multi-AZ, deletion protection, longer backups)."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of: dev, staging, prod."
  }
}

variable "region" {
  description = "AWS region of the environment (the platform workspace's region output)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "aws_account_id" {
  description = "The AWS account of the environment; the provider refuses any other. null: no check."
  type        = string
  default     = null

  validation {
    condition     = var.aws_account_id == null || can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be a 12-digit AWS account ID."
  }
}

variable "tiers" {
  description = "Which tiers the service uses: database (none | rds-postgres | aurora-serverless-v2), cache (none | redis), queue (none | sqs), public_http (bool)."
  type = object({
    database    = optional(string, "none")
    cache       = optional(string, "none")
    queue       = optional(string, "none")
    public_http = optional(bool, false)
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains(["none", "rds-postgres", "aurora-serverless-v2"], var.tiers.database)
    error_message = "tiers.database must be none, rds-postgres or aurora-serverless-v2."
  }

  validation {
    condition     = contains(["none", "redis"], var.tiers.cache)
    error_message = "tiers.cache must be none or redis."
  }

  validation {
    condition     = contains(["none", "sqs"], var.tiers.queue)
    error_message = "tiers.queue must be none or sqs."
  }
}

variable "sizes" {
  description = "Optional size overrides; every attribute left out (or null) takes the environment preset."
  type = object({
    database_instance_class          = optional(string)
    database_min_capacity            = optional(number)
    database_max_capacity            = optional(number)
    database_reader_count            = optional(number)
    cache_node_type                  = optional(string)
    cache_replicas                   = optional(number)
    cache_shards                     = optional(number)
    queue_visibility_timeout_seconds = optional(number)
    queue_message_retention_seconds  = optional(number)
    queue_max_receive_count          = optional(number)
  })
  default  = {}
  nullable = false

  validation {
    condition = alltrue([for v in [
      var.sizes.database_min_capacity, var.sizes.database_max_capacity, var.sizes.database_reader_count,
      var.sizes.cache_replicas, var.sizes.cache_shards, var.sizes.queue_visibility_timeout_seconds,
      var.sizes.queue_message_retention_seconds, var.sizes.queue_max_receive_count,
    ] : v == null ? true : v >= 0])
    error_message = "sizes must not be negative (database_min_capacity, database_max_capacity, database_reader_count, cache_replicas, cache_shards, queue_* are all >= 0)."
  }

  validation {
    condition = alltrue([for v in [var.sizes.database_reader_count, var.sizes.cache_replicas, var.sizes.cache_shards, var.sizes.queue_max_receive_count] :
    v == null ? true : floor(v) == v])
    error_message = "sizes.database_reader_count, cache_replicas, cache_shards and queue_max_receive_count must be whole numbers."
  }

  validation {
    condition = (
      (var.sizes.database_reader_count == null ? true : var.sizes.database_reader_count <= 15) &&
      (var.sizes.cache_replicas == null ? true : var.sizes.cache_replicas <= 5) &&
      (var.sizes.cache_shards == null ? true : var.sizes.cache_shards >= 1 && var.sizes.cache_shards <= 500) &&
      (var.sizes.database_max_capacity == null ? true : var.sizes.database_max_capacity <= 256)
    )
    error_message = "sizes out of range: database_reader_count <= 15, cache_replicas <= 5, 1 <= cache_shards <= 500, database_max_capacity <= 256 ACUs."
  }

  validation {
    condition = (var.sizes.database_min_capacity == null || var.sizes.database_max_capacity == null ? true :
    var.sizes.database_min_capacity <= var.sizes.database_max_capacity)
    error_message = "sizes.database_min_capacity must not exceed sizes.database_max_capacity."
  }

  validation {
    condition = var.environment != "prod" || (
      (var.sizes.database_reader_count == null ? true : var.sizes.database_reader_count >= 1) &&
      (var.sizes.cache_replicas == null ? true : var.sizes.cache_replicas >= 1)
    )
    error_message = "prod is multi-AZ: sizes.database_reader_count and sizes.cache_replicas must be at least 1 in prod."
  }

  validation {
    condition     = var.sizes.database_instance_class == null ? true : can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.sizes.database_instance_class))
    error_message = "sizes.database_instance_class must be an RDS instance class such as db.r6g.large."
  }

  validation {
    condition     = var.sizes.cache_node_type == null ? true : can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.sizes.cache_node_type))
    error_message = "sizes.cache_node_type must be an ElastiCache node type such as cache.r7g.large."
  }
}

variable "options" {
  description = "Less common settings: RDS Proxy, FIFO queue, Redis cluster mode, the service's port and health check, Kubernetes namespace, listener rule priority."
  type = object({
    database_proxy         = optional(bool, false)
    queue_fifo             = optional(bool, false)
    cache_cluster_mode     = optional(bool, false)
    service_port           = optional(number, 8080)
    health_check_path      = optional(string, "/healthz")
    namespace              = optional(string)
    listener_rule_priority = optional(number)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.options.service_port >= 1 && var.options.service_port <= 65535 && floor(var.options.service_port) == var.options.service_port
    error_message = "options.service_port must be a TCP port (1-65535)."
  }

  validation {
    condition     = startswith(var.options.health_check_path, "/")
    error_message = "options.health_check_path must start with /."
  }

  validation {
    condition     = var.options.listener_rule_priority == null ? true : var.options.listener_rule_priority >= 1 && var.options.listener_rule_priority <= 50000
    error_message = "options.listener_rule_priority must be between 1 and 50000."
  }
}

variable "allow_destroy" {
  description = "Decommissioning: turn deletion protection off so that a destroy run can remove the tiers (a final snapshot is still taken in prod)."
  type        = bool
  default     = false
  nullable    = false
}

variable "tags" {
  description = "Extra tags (e.g. owner = the catalog group, cost-centre)."
  type        = map(string)
  default     = {}
  nullable    = false
}

# ---------------------------------------------------------------------------
# Copied by the portal from the outputs of the environment's platform
# workspace (each variable has the name of the platform output).
# ---------------------------------------------------------------------------

variable "vpc_id" {
  description = "Platform output vpc_id."
  type        = string
}

variable "database_subnet_ids" {
  description = "Platform output database_subnet_ids (Aurora and ElastiCache subnets)."
  type        = list(string)

  validation {
    condition     = length(var.database_subnet_ids) >= 2
    error_message = "database_subnet_ids must list at least 2 subnets (platform output database_subnet_ids)."
  }
}

variable "availability_zones" {
  description = "Platform output availability_zones (in the order of the subnets)."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2
    error_message = "availability_zones must list the platform's availability zones."
  }
}

variable "eks_oidc_provider_arn" {
  description = "Platform output eks_oidc_provider_arn."
  type        = string
}

variable "eks_oidc_issuer_url" {
  description = "Platform output eks_oidc_issuer_url."
  type        = string
}

variable "data_kms_key_arn" {
  description = "Platform output data_kms_key_arn (encrypts the database, cache, queue and secrets)."
  type        = string
}

variable "logs_kms_key_arn" {
  description = "Platform output logs_kms_key_arn."
  type        = string
}

variable "alb_https_listener_arn" {
  description = "Platform output alb_https_listener_arn. Required when tiers.public_http."
  type        = string
  default     = null

  validation {
    condition     = !var.tiers.public_http || var.alb_https_listener_arn != null
    error_message = "tiers.public_http = true needs alb_https_listener_arn (platform output)."
  }
}

variable "alb_security_group_id" {
  description = "Platform output alb_security_group_id. Required when tiers.public_http."
  type        = string
  default     = null

  validation {
    condition     = !var.tiers.public_http || var.alb_security_group_id != null
    error_message = "tiers.public_http = true needs alb_security_group_id (platform output)."
  }
}

variable "alb_dns_name" {
  description = "Platform output alb_dns_name (for the DNS record when public_zone_id is set)."
  type        = string
  default     = null
}

variable "alb_zone_id" {
  description = "Platform output alb_zone_id (for the DNS record when public_zone_id is set)."
  type        = string
  default     = null
}

variable "public_domain" {
  description = "Domain the service is published under as <service_name>.<public_domain> (e.g. dev.example.com). Required when tiers.public_http."
  type        = string
  default     = null

  validation {
    condition     = !var.tiers.public_http || var.public_domain != null
    error_message = "tiers.public_http = true needs public_domain (the service is published as <service_name>.<public_domain>)."
  }

  validation {
    condition     = var.public_domain == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.public_domain))
    error_message = "public_domain must be a lower-case DNS domain such as dev.example.com."
  }
}

variable "public_zone_id" {
  description = "Route 53 hosted zone of public_domain; when set, an alias record for the service is created."
  type        = string
  default     = null
}
