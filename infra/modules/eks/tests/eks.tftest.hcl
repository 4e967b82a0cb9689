mock_provider "aws" {
  source = "../../testing/aws"
}

variables {
  name                = "portal-dev"
  environment         = "dev"
  vpc_id              = "vpc-0123456789abcdef0"
  subnet_ids          = ["subnet-aaaa", "subnet-bbbb", "subnet-cccc"]
  secrets_kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/11111111-1111-1111-1111-111111111111"
  logs_kms_key_arn    = "arn:aws:kms:eu-west-1:111122223333:key/22222222-2222-2222-2222-222222222222"
}

run "private_endpoint_secrets_encryption_and_control_plane_logs" {
  command = plan

  assert {
    condition     = aws_eks_cluster.this.vpc_config[0].endpoint_private_access && !aws_eks_cluster.this.vpc_config[0].endpoint_public_access
    error_message = "The API endpoint must be private-only by default."
  }
  assert {
    condition     = aws_eks_cluster.this.access_config[0].authentication_mode == "API" && !aws_eks_cluster.this.access_config[0].bootstrap_cluster_creator_admin_permissions
    error_message = "Access must go through access entries, without implicit admin for the creator."
  }
  assert {
    condition     = tolist(aws_eks_cluster.this.encryption_config[0].resources) == tolist(["secrets"]) && aws_eks_cluster.this.encryption_config[0].provider[0].key_arn == var.secrets_kms_key_arn
    error_message = "Kubernetes secrets must be envelope-encrypted with the KMS key."
  }
  assert {
    condition     = length(aws_eks_cluster.this.enabled_cluster_log_types) == 5
    error_message = "All five control-plane log types must be enabled."
  }
  assert {
    condition     = aws_cloudwatch_log_group.cluster.name == "/aws/eks/portal-dev/cluster" && aws_cloudwatch_log_group.cluster.kms_key_id == var.logs_kms_key_arn
    error_message = "The control-plane log group must be the one EKS writes to, KMS-encrypted."
  }
}

run "public_endpoint_is_optional_and_restricted" {
  command = plan

  variables {
    endpoint_public_access = true
    public_access_cidrs    = ["203.0.113.0/24"]
  }

  assert {
    condition     = aws_eks_cluster.this.vpc_config[0].endpoint_public_access && aws_eks_cluster.this.vpc_config[0].endpoint_private_access
    error_message = "Public access must add to, not replace, the private endpoint."
  }
  assert {
    condition     = tolist(aws_eks_cluster.this.vpc_config[0].public_access_cidrs) == tolist(["203.0.113.0/24"])
    error_message = "The public endpoint must be limited to the given CIDRs."
  }
}

run "oidc_provider_and_irsa_roles" {
  command = apply

  assert {
    condition     = aws_iam_openid_connect_provider.this.url == aws_eks_cluster.this.identity[0].oidc[0].issuer && tolist(aws_iam_openid_connect_provider.this.client_id_list) == tolist(["sts.amazonaws.com"])
    error_message = "The OIDC provider must be the cluster's issuer with the STS audience."
  }
  assert {
    condition     = jsondecode(aws_iam_role.irsa["cluster_autoscaler"].assume_role_policy).Statement[0].Condition.StringEquals["oidc.eks.eu-west-1.amazonaws.com/id/MOCK:sub"] == "system:serviceaccount:kube-system:cluster-autoscaler"
    error_message = "The Cluster Autoscaler role must trust only kube-system/cluster-autoscaler."
  }
  assert {
    condition     = jsondecode(aws_iam_role.irsa["aws_load_balancer_controller"].assume_role_policy).Statement[0].Condition.StringEquals["oidc.eks.eu-west-1.amazonaws.com/id/MOCK:sub"] == "system:serviceaccount:kube-system:aws-load-balancer-controller"
    error_message = "The Load Balancer Controller role must trust only kube-system/aws-load-balancer-controller."
  }
  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_role_policy.cluster_autoscaler.policy).Statement :
      contains(s.Action, "autoscaling:SetDesiredCapacity") && try(s.Condition.StringEquals["aws:ResourceTag/k8s.io/cluster-autoscaler/portal-dev"], null) == "owned"
    ])
    error_message = "The autoscaler may only resize node groups tagged as owned by this cluster."
  }
  assert {
    condition     = contains(flatten([for s in jsondecode(aws_iam_role_policy.aws_load_balancer_controller.policy).Statement : s.Action]), "elasticloadbalancing:CreateLoadBalancer")
    error_message = "The Load Balancer Controller must be able to create load balancers."
  }
  assert {
    condition     = aws_eks_addon.this["aws-ebs-csi-driver"].service_account_role_arn == aws_iam_role.irsa["ebs_csi_driver"].arn
    error_message = "The EBS CSI driver must run with its IRSA role."
  }
}

run "managed_node_groups_hardened" {
  command = plan

  variables {
    node_groups = {
      general = { instance_types = ["m6i.large"], min_size = 2, max_size = 6, desired_size = 3 }
      spot    = { instance_types = ["m6i.large", "m5.large"], capacity_type = "SPOT", min_size = 0, max_size = 10, taints = [{ key = "spot", value = "true", effect = "NO_SCHEDULE" }] }
    }
  }

  assert {
    condition     = length(aws_eks_node_group.this) == 2 && aws_eks_node_group.this["spot"].capacity_type == "SPOT"
    error_message = "Both node groups must be created with their capacity type."
  }
  assert {
    condition     = aws_eks_node_group.this["general"].scaling_config[0].min_size == 2 && aws_eks_node_group.this["general"].scaling_config[0].max_size == 6 && aws_eks_node_group.this["general"].scaling_config[0].desired_size == 3
    error_message = "Scaling must follow the node group sizes."
  }
  assert {
    condition     = aws_eks_node_group.this["general"].tags["k8s.io/cluster-autoscaler/portal-dev"] == "owned"
    error_message = "Node groups must carry the Cluster Autoscaler discovery tags."
  }
  assert {
    condition     = alltrue([for lt in aws_launch_template.node : lt.metadata_options[0].http_tokens == "required" && lt.metadata_options[0].http_put_response_hop_limit == 1])
    error_message = "Nodes must require IMDSv2 and keep pods away from the instance metadata."
  }
  assert {
    condition     = alltrue([for lt in aws_launch_template.node : lt.block_device_mappings[0].ebs[0].encrypted == "true"])
    error_message = "Node volumes must be encrypted."
  }
}

run "rejects_world_open_endpoint_negative_sizes_and_old_version" {
  command = plan
  variables {
    endpoint_public_access = true
    public_access_cidrs    = ["0.0.0.0/0"]
    node_groups = {
      default = { instance_types = ["m6i.large"], min_size = -1, max_size = 3 }
    }
    kubernetes_version = "1.20"
  }
  expect_failures = [var.public_access_cidrs, var.node_groups, var.kubernetes_version]
}

run "rejects_public_endpoint_without_cidrs_inverted_sizes_and_no_audit_log" {
  command = plan
  variables {
    endpoint_public_access = true
    node_groups = {
      default = { instance_types = ["m6i.large"], min_size = 5, max_size = 3 }
    }
    cluster_log_types = ["api"]
  }
  expect_failures = [var.public_access_cidrs, var.node_groups, var.cluster_log_types]
}
