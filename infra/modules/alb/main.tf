data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

data "aws_elb_service_account" "current" {
  count = var.elb_account_principal ? 1 : 0
}

locals {
  is_prod             = var.environment == "prod"
  deletion_protection = coalesce(var.deletion_protection, local.is_prod)
  log_retention_days  = coalesce(var.access_log_retention_days, local.is_prod ? 400 : 30)
  account_id          = data.aws_caller_identity.current.account_id
  log_bucket_name     = "${var.name}-alb-logs-${local.account_id}"
  log_bucket_arn      = "arn:${data.aws_partition.current.partition}:s3:::${local.log_bucket_name}"
  log_prefix          = var.name

  listener_ports = { http = 80, https = 443 }
  ingress = {
    for pair in setproduct(keys(local.listener_ports), var.ingress_cidr_blocks) :
    "${pair[0]}-${pair[1]}" => { port = local.listener_ports[pair[0]], cidr = pair[1] }
  }
}

# ------------------------------------------------------------ security group

resource "aws_security_group" "this" {
  name        = "${var.name}-alb"
  description = "ALB ${var.name}: HTTP/HTTPS from clients, traffic to targets in the VPC only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

# Only the listener ports are open to clients; no other port is reachable.
resource "aws_vpc_security_group_ingress_rule" "listeners" {
  for_each = local.ingress

  security_group_id = aws_security_group.this.id
  description       = "${upper(split("-", each.key)[0])} from ${each.value.cidr}"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr

  tags = var.tags
}

resource "aws_vpc_security_group_egress_rule" "targets" {
  security_group_id = aws_security_group.this.id
  description       = "To targets inside the VPC"
  ip_protocol       = "tcp"
  from_port         = 1
  to_port           = 65535
  cidr_ipv4         = var.vpc_cidr_block

  tags = var.tags
}

# ------------------------------------------------------------ access logs

resource "aws_s3_bucket" "logs" {
  bucket        = local.log_bucket_name
  force_destroy = !local.is_prod

  tags = merge(var.tags, { Name = local.log_bucket_name })
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# ALB access logs support SSE-S3 only (not SSE-KMS).
resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"
    filter {}

    expiration {
      days = local.log_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.logs]
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "LogDeliveryWrite"
        Effect    = "Allow"
        Principal = { Service = "logdelivery.elasticloadbalancing.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${local.log_bucket_arn}/${local.log_prefix}/AWSLogs/${local.account_id}/*"
      }],
      [for a in data.aws_elb_service_account.current : {
        Sid       = "RegionalElbAccountWrite"
        Effect    = "Allow"
        Principal = { AWS = a.arn }
        Action    = "s3:PutObject"
        Resource  = "${local.log_bucket_arn}/${local.log_prefix}/AWSLogs/${local.account_id}/*"
      }],
      [{
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [local.log_bucket_arn, "${local.log_bucket_arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }],
    )
  })

  depends_on = [aws_s3_bucket_public_access_block.logs]
}

# ------------------------------------------------------------ load balancer

resource "aws_lb" "this" {
  name               = var.name
  load_balancer_type = "application"
  internal           = false
  subnets            = var.public_subnet_ids
  security_groups    = [aws_security_group.this.id]

  idle_timeout               = var.idle_timeout
  enable_deletion_protection = local.deletion_protection
  drop_invalid_header_fields = true
  enable_http2               = true
  desync_mitigation_mode     = "defensive"

  access_logs {
    bucket  = aws_s3_bucket.logs.bucket
    prefix  = local.log_prefix
    enabled = true
  }

  tags = merge(var.tags, { Name = var.name })

  depends_on = [aws_s3_bucket_policy.logs]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }

  tags = var.tags
}

# Services attach listener rules (or the AWS Load Balancer Controller's
# TargetGroupBindings) to this listener; anything unmatched gets a 404.
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "Not found"
      status_code  = "404"
    }
  }

  tags = var.tags
}

resource "aws_lb_listener_certificate" "additional" {
  count = length(var.additional_certificate_arns)

  listener_arn    = aws_lb_listener.https.arn
  certificate_arn = var.additional_certificate_arns[count.index]
}
