variable "name" {
  description = "Name prefix of every resource (e.g. portal-prod). Lower-case DNS label, 3-32 characters."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lower-case letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "environment" {
  description = "Environment the network belongs to: dev, staging or prod. Selects the NAT gateway preset."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of: dev, staging, prod."
  }
}

variable "cidr_block" {
  description = "IPv4 CIDR of the VPC, a /16 to /20 private range. Private subnets get three /19s (of a /16), public and database subnets /24s."
  type        = string
  default     = "10.0.0.0/16"
  nullable    = false

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && try(tonumber(split("/", var.cidr_block)[1]) >= 16 && tonumber(split("/", var.cidr_block)[1]) <= 20, false)
    error_message = "cidr_block must be a valid IPv4 CIDR with a prefix length between /16 and /20 (e.g. 10.20.0.0/16)."
  }

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && try(cidrhost(var.cidr_block, 0) == split("/", var.cidr_block)[0], false)
    error_message = "cidr_block must be a network address (e.g. 10.20.0.0/16, not 10.20.1.0/16)."
  }
}

variable "availability_zones" {
  description = "Exactly three distinct availability zones of the region (e.g. [\"eu-west-1a\", \"eu-west-1b\", \"eu-west-1c\"])."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) == 3 && length(distinct(var.availability_zones)) == 3
    error_message = "availability_zones must list exactly 3 distinct availability zones."
  }

  validation {
    condition     = alltrue([for az in var.availability_zones : can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$", az))])
    error_message = "Every availability zone must be an AZ name such as eu-west-1a."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for the whole VPC (true) or one per availability zone (false). null applies the environment preset: one per AZ in prod, a single one in dev and staging."
  type        = bool
  default     = null
}

variable "database_ports" {
  description = "TCP ports the database subnets accept from the private subnets (their network ACL denies everything else)."
  type        = list(number)
  default     = [5432, 6379]
  nullable    = false

  validation {
    condition     = length(var.database_ports) > 0 && alltrue([for p in var.database_ports : p >= 1 && p <= 65535 && floor(p) == p])
    error_message = "database_ports must be a non-empty list of TCP ports between 1 and 65535."
  }
}

variable "cluster_name" {
  description = "EKS cluster that uses this VPC; its discovery tag goes on the public and private subnets. null leaves the tag out."
  type        = string
  default     = null
}

variable "flow_log_retention_days" {
  description = "Retention of the VPC flow log group, in days (a CloudWatch Logs retention value)."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_log_retention_days)
    error_message = "flow_log_retention_days must be a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

variable "flow_log_traffic_type" {
  description = "Which traffic the flow log records: ACCEPT, REJECT or ALL."
  type        = string
  default     = "ALL"
  nullable    = false

  validation {
    condition     = contains(["ACCEPT", "REJECT", "ALL"], var.flow_log_traffic_type)
    error_message = "flow_log_traffic_type must be ACCEPT, REJECT or ALL."
  }
}

variable "logs_kms_key_arn" {
  description = "KMS key that encrypts the flow log group. Its key policy must allow the CloudWatch Logs service principal of the region."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be the ARN of a KMS key (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
  nullable    = false
}
