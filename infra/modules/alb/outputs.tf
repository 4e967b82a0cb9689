output "arn" {
  description = "ARN of the ALB."
  value       = aws_lb.this.arn
}

output "dns_name" {
  description = "DNS name of the ALB (target of the services' alias records)."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Route 53 hosted zone of the ALB (for alias records)."
  value       = aws_lb.this.zone_id
}

output "security_group_id" {
  description = "Security group of the ALB: services admit their port from this group."
  value       = aws_security_group.this.id
}

output "https_listener_arn" {
  description = "HTTPS listener; services add host-based rules to it."
  value       = aws_lb_listener.https.arn
}

output "http_listener_arn" {
  description = "HTTP listener (redirects everything to HTTPS)."
  value       = aws_lb_listener.http.arn
}

output "access_logs_bucket" {
  description = "S3 bucket of the access logs."
  value       = aws_s3_bucket.logs.id
}

output "ingress_rules" {
  description = "Every ingress rule of the ALB's security group (port and source)."
  value       = [for r in aws_vpc_security_group_ingress_rule.listeners : { from_port = r.from_port, to_port = r.to_port, cidr_ipv4 = r.cidr_ipv4 }]
}

output "configuration" {
  description = "The security-relevant settings as planned."
  value = {
    deletion_protection     = aws_lb.this.enable_deletion_protection
    access_logs_enabled     = aws_lb.this.access_logs[0].enabled
    access_logs_sse         = one(aws_s3_bucket_server_side_encryption_configuration.logs.rule).apply_server_side_encryption_by_default[0].sse_algorithm
    ssl_policy              = aws_lb_listener.https.ssl_policy
    http_redirects_to_https = aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS"
    drops_invalid_headers   = aws_lb.this.drop_invalid_header_fields
  }
}
