output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "availability_zones" {
  description = "The availability zones the subnets span, in subnet order."
  value       = var.availability_zones
}

output "public_subnet_ids" {
  description = "Public subnets (ALB, NAT gateways), one per AZ."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets (EKS nodes and pods), one per AZ."
  value       = aws_subnet.private[*].id
}

output "database_subnet_ids" {
  description = "Database subnets (Aurora, ElastiCache, RDS Proxy), one per AZ; no route out of the VPC."
  value       = aws_subnet.database[*].id
}

output "public_subnet_cidrs" {
  description = "CIDRs of the public subnets."
  value       = local.public_cidrs
}

output "private_subnet_cidrs" {
  description = "CIDRs of the private subnets."
  value       = local.private_cidrs
}

output "database_subnet_cidrs" {
  description = "CIDRs of the database subnets."
  value       = local.database_cidrs
}

output "nat_gateway_ids" {
  description = "NAT gateways: one per AZ, or a single one."
  value       = aws_nat_gateway.this[*].id
}

output "nat_public_ips" {
  description = "Egress IPs of the VPC (for allow-lists of third parties)."
  value       = aws_eip.nat[*].public_ip
}

output "database_network_acl_id" {
  description = "Network ACL of the database subnets."
  value       = aws_network_acl.database.id
}

output "flow_log_group_name" {
  description = "CloudWatch log group of the VPC flow logs."
  value       = aws_cloudwatch_log_group.flow_logs.name
}

output "configuration" {
  description = "The security- and availability-relevant settings as planned."
  value = {
    nat_gateway_count     = length(aws_nat_gateway.this)
    single_nat_gateway    = local.single_nat_gateway
    flow_log_traffic_type = aws_flow_log.this.traffic_type
    flow_log_kms_key_id   = aws_cloudwatch_log_group.flow_logs.kms_key_id
    database_acl_open_to_world = anytrue([
      for r in concat(tolist(aws_network_acl.database.ingress), tolist(aws_network_acl.database.egress)) : r.cidr_block == "0.0.0.0/0"
    ])
  }
}
