variable "name" {
  description = "Cluster identifier: 3-40 lower-case letters, digits and single hyphens, starting with a letter."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 3-40 characters of lower-case letters, digits and single hyphens, start with a letter and end with a letter or digit."
  }
}

variable "environment" {
  description = "Environment: dev, staging or prod. Selects readers, backups and deletion protection presets."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of: dev, staging, prod."
  }
}

variable "capacity_mode" {
  description = "provisioned (fixed instance class) or serverless-v2 (db.serverless instances scaling between min_capacity and max_capacity ACUs)."
  type        = string
  default     = "serverless-v2"
  nullable    = false

  validation {
    condition     = contains(["provisioned", "serverless-v2"], var.capacity_mode)
    error_message = "capacity_mode must be provisioned or serverless-v2."
  }
}

variable "engine_version" {
  description = "Aurora PostgreSQL version (major.minor, e.g. 16.4)."
  type        = string
  default     = "16.4"
  nullable    = false

  validation {
    condition     = can(regex("^1[3-7]\\.[0-9]+$", var.engine_version))
    error_message = "engine_version must be an Aurora PostgreSQL version between 13.x and 17.x, e.g. 16.4."
  }
}

variable "instance_class" {
  description = "provisioned only: instance class of writer and readers (e.g. db.r6g.large)."
  type        = string
  default     = "db.r6g.large"
  nullable    = false

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class)) && var.instance_class != "db.serverless"
    error_message = "instance_class must be an RDS instance class such as db.r6g.large (use capacity_mode = serverless-v2 for db.serverless)."
  }
}

variable "min_capacity" {
  description = "serverless-v2 only: minimum Aurora capacity units (0-256 in steps of 0.5; 0 lets the cluster pause when idle)."
  type        = number
  default     = 0.5
  nullable    = false

  validation {
    condition     = var.min_capacity >= 0 && var.min_capacity <= 256 && floor(var.min_capacity * 2) == var.min_capacity * 2
    error_message = "min_capacity must be between 0 and 256 ACUs, in steps of 0.5."
  }
}

variable "max_capacity" {
  description = "serverless-v2 only: maximum Aurora capacity units (1-256 in steps of 0.5), at least min_capacity."
  type        = number
  default     = 4
  nullable    = false

  validation {
    condition     = var.max_capacity >= 1 && var.max_capacity <= 256 && floor(var.max_capacity * 2) == var.max_capacity * 2
    error_message = "max_capacity must be between 1 and 256 ACUs, in steps of 0.5."
  }

  validation {
    condition     = var.max_capacity >= var.min_capacity
    error_message = "max_capacity must be greater than or equal to min_capacity."
  }
}

variable "reader_count" {
  description = "Read replicas besides the writer (0-15), spread over the availability zones. null applies the environment preset: 0 in dev, 1 in staging, 2 in prod."
  type        = number
  default     = null

  validation {
    condition     = var.reader_count == null || try(var.reader_count >= 0 && var.reader_count <= 15 && floor(var.reader_count) == var.reader_count, false)
    error_message = "reader_count must be a whole number between 0 and 15."
  }
}

variable "database_name" {
  description = "Name of the database created in the cluster."
  type        = string
  default     = "app"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must start with a letter and contain only lower-case letters, digits and underscores (at most 63 characters)."
  }
}

variable "master_username" {
  description = "Master user name. Its password is generated and kept by Secrets Manager (manage_master_user_password); there is no password variable."
  type        = string
  default     = "cluster_admin"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.master_username)) && !contains(["postgres", "rdsadmin", "admin"], var.master_username)
    error_message = "master_username must be a lower-case identifier and not a reserved name (postgres, rdsadmin, admin)."
  }
}

variable "vpc_id" {
  description = "VPC of the cluster."
  type        = string
}

variable "subnet_ids" {
  description = "Private (database) subnets of the cluster, in at least two availability zones. Instances are never publicly accessible."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must list at least 2 subnets in different availability zones (an Aurora requirement)."
  }
}

variable "availability_zones" {
  description = "Availability zones to spread the instances over, writer first. Empty: let RDS choose."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "allowed_security_group_ids" {
  description = "Security groups (the service's) that may connect to the database (or to the proxy when enable_proxy). No CIDR is ever admitted."
  type        = list(string)

  validation {
    condition     = length(var.allowed_security_group_ids) >= 1
    error_message = "allowed_security_group_ids must list at least one security group (the service's)."
  }
}

variable "kms_key_arn" {
  description = "KMS key for storage encryption, Performance Insights and the master user secret."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "backup_retention_days" {
  description = "Days of automated backups (1-35). null applies the environment preset: 1 in dev, 7 in staging, 14 in prod."
  type        = number
  default     = null

  validation {
    condition     = var.backup_retention_days == null || try(var.backup_retention_days >= 1 && var.backup_retention_days <= 35, false)
    error_message = "backup_retention_days must be between 1 and 35."
  }
}

variable "deletion_protection" {
  description = "Deletion protection. null applies the environment preset (on in prod)."
  type        = bool
  default     = null
}

variable "enable_proxy" {
  description = "Put an RDS Proxy (connection pooling, faster failover) in front of the cluster. Clients then connect to the proxy endpoint."
  type        = bool
  default     = false
  nullable    = false
}

variable "proxy_require_iam_auth" {
  description = "Proxy only: require IAM authentication from clients (otherwise password authentication with SCRAM)."
  type        = bool
  default     = false
  nullable    = false
}

variable "port" {
  description = "Database port."
  type        = number
  default     = 5432
  nullable    = false

  validation {
    condition     = var.port >= 1150 && var.port <= 65535
    error_message = "port must be between 1150 and 65535."
  }
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
  nullable    = false
}
