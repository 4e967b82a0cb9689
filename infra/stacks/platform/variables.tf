variable "environment" {
  description = "Environment of this platform: dev, staging or prod."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of: dev, staging, prod."
  }
}

variable "region" {
  description = "AWS region of the environment (e.g. eu-west-1)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "aws_account_id" {
  description = "The AWS account this environment lives in; the provider refuses to run against any other. null: no check."
  type        = string
  default     = null

  validation {
    condition     = var.aws_account_id == null || can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be a 12-digit AWS account ID."
  }
}

variable "name" {
  description = "Name prefix of the platform; resources are named <name>-<environment>."
  type        = string
  default     = "portal"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name))
    error_message = "name must be 3-20 characters of lower-case letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "vpc_cidr" {
  description = "CIDR of the environment's VPC (/16 to /20). Give every environment its own range so they can be peered."
  type        = string
  default     = "10.0.0.0/16"
  nullable    = false
}

variable "availability_zones" {
  description = "The three availability zones of the region to use (e.g. [\"eu-west-1a\", \"eu-west-1b\", \"eu-west-1c\"])."
  type        = list(string)
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the cluster."
  type        = string
  default     = "1.32"
  nullable    = false
}

variable "eks_endpoint_public_access" {
  description = "Expose the EKS API endpoint publicly as well (restricted to eks_public_access_cidrs)."
  type        = bool
  default     = false
  nullable    = false
}

variable "eks_public_access_cidrs" {
  description = "CIDRs allowed to reach a public EKS endpoint."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "node_groups" {
  description = "Managed node groups (see the eks module). null applies the environment preset: dev 1-3 m6i.large, staging 2-6 m6i.large, prod 3-12 m6i.xlarge."
  type = map(object({
    instance_types = list(string)
    capacity_type  = optional(string, "ON_DEMAND")
    ami_type       = optional(string, "AL2023_x86_64_STANDARD")
    min_size       = number
    max_size       = number
    desired_size   = optional(number)
    disk_size_gib  = optional(number, 50)
    labels         = optional(map(string), {})
    taints = optional(list(object({
      key    = string
      value  = optional(string)
      effect = string
    })), [])
  }))
  default = null
}

variable "cluster_admin_role_arns" {
  description = "IAM roles given cluster-admin on the EKS cluster (platform team SSO role, Terraform Cloud run role, Argo CD management role)."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "acm_certificate_arn" {
  description = "ACM certificate of the ALB's HTTPS listener (e.g. a wildcard for *.<environment>.example.com)."
  type        = string
}

variable "alb_ingress_cidrs" {
  description = "Client CIDRs allowed to reach the ALB on 80/443."
  type        = list(string)
  default     = ["0.0.0.0/0"]
  nullable    = false
}

variable "tags" {
  description = "Extra tags for every resource (cost centre, owner, ...)."
  type        = map(string)
  default     = {}
  nullable    = false
}
