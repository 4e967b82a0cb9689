mock_provider "aws" {
  source = "../../testing/aws"
}

variables {
  name               = "portal-test"
  environment        = "dev"
  cidr_block         = "10.20.0.0/16"
  availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  logs_kms_key_arn   = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

run "dev_layout_isolated_database_subnets_and_flow_logs" {
  command = plan

  assert {
    condition     = length(aws_subnet.public) == 3 && length(aws_subnet.private) == 3 && length(aws_subnet.database) == 3
    error_message = "There must be 3 public, 3 private and 3 database subnets."
  }
  assert {
    condition = alltrue([
      for tier in [aws_subnet.public, aws_subnet.private, aws_subnet.database] :
      sort(tier[*].availability_zone) == sort(var.availability_zones)
    ])
    error_message = "Each tier must have exactly one subnet in each of the 3 AZs."
  }
  assert {
    condition     = length(distinct(concat(output.public_subnet_cidrs, output.private_subnet_cidrs, output.database_subnet_cidrs))) == 9
    error_message = "Subnet CIDRs must not repeat."
  }
  assert {
    condition     = output.private_subnet_cidrs == ["10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19"]
    error_message = "Private subnets must be the three /19s at the start of the VPC."
  }
  assert {
    condition     = alltrue([for s in aws_subnet.public : s.map_public_ip_on_launch == false])
    error_message = "Public subnets must not hand out public IPs automatically."
  }
  assert {
    condition     = length(aws_route_table.database.route) == 0
    error_message = "The database route table must have no route out of the VPC."
  }
  assert {
    condition     = alltrue([for r in concat(tolist(aws_network_acl.database.ingress), tolist(aws_network_acl.database.egress)) : r.cidr_block != "0.0.0.0/0"])
    error_message = "The database network ACL must not allow 0.0.0.0/0 in either direction."
  }
  assert {
    condition = alltrue([
      for r in aws_network_acl.database.ingress :
      contains(output.private_subnet_cidrs, r.cidr_block) ? contains([5432, 6379], r.from_port) && r.from_port == r.to_port && r.protocol == "tcp" : contains(output.database_subnet_cidrs, r.cidr_block)
    ])
    error_message = "Database subnets may only accept the database ports from the private subnets (and traffic between database subnets)."
  }
  assert {
    condition     = length([for r in aws_network_acl.database.ingress : r if contains(output.public_subnet_cidrs, r.cidr_block)]) == 0
    error_message = "Public subnets must not reach the database subnets."
  }
  assert {
    condition     = aws_flow_log.this.traffic_type == "ALL" && aws_flow_log.this.log_destination_type == "cloud-watch-logs"
    error_message = "The VPC must have a flow log of all traffic."
  }
  assert {
    condition     = aws_cloudwatch_log_group.flow_logs.kms_key_id == var.logs_kms_key_arn && aws_cloudwatch_log_group.flow_logs.retention_in_days == 90
    error_message = "The flow log group must be KMS-encrypted and expire."
  }
  assert {
    condition     = jsondecode(aws_iam_role.flow_logs.assume_role_policy).Statement[0].Principal.Service == "vpc-flow-logs.amazonaws.com"
    error_message = "Only the flow logs service may assume the flow log role."
  }
  assert {
    condition     = length(aws_default_security_group.this.ingress) == 0 && length(aws_default_security_group.this.egress) == 0
    error_message = "The default security group must allow nothing."
  }
}

run "dev_has_a_single_nat_gateway" {
  command = apply

  assert {
    condition     = length(aws_nat_gateway.this) == 1
    error_message = "dev must have one NAT gateway."
  }
  assert {
    condition     = alltrue([for rt in aws_route_table.private : one(rt.route).nat_gateway_id == aws_nat_gateway.this[0].id])
    error_message = "With a single NAT gateway every private route table must use it."
  }
}

run "prod_has_one_nat_gateway_per_az" {
  command = apply

  variables {
    environment = "prod"
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 3
    error_message = "prod must have one NAT gateway per AZ."
  }
  assert {
    condition     = [for rt in aws_route_table.private : one(rt.route).nat_gateway_id] == aws_nat_gateway.this[*].id
    error_message = "Each AZ's private route table must use the NAT gateway of its own AZ."
  }
  assert {
    condition     = [for n in aws_nat_gateway.this : n.subnet_id] == aws_subnet.public[*].id
    error_message = "NAT gateways must sit in the public subnets, one per AZ."
  }
}

run "nat_preset_can_be_overridden" {
  command = plan

  variables {
    environment        = "prod"
    single_nat_gateway = true
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1
    error_message = "single_nat_gateway = true must override the prod preset."
  }
}

run "rejects_invalid_inputs" {
  command = plan
  variables {
    environment        = "qa"
    availability_zones = ["eu-west-1a", "eu-west-1b"]
    cidr_block         = "10.20.0.0/24"
    name               = "Portal-Test"
  }
  expect_failures = [var.environment, var.availability_zones, var.cidr_block, var.name]
}
