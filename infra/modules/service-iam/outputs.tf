output "role_arn" {
  description = "ARN of the role; annotate the service account with eks.amazonaws.com/role-arn = this value."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the role."
  value       = aws_iam_role.this.name
}

output "service_account" {
  description = "The only Kubernetes service account that may assume the role."
  value       = { namespace = local.namespace, name = local.service_account }
}

output "granted_actions" {
  description = "Every IAM action the role is granted, sorted (empty when the service uses no tier)."
  value       = local.granted_actions
}

output "statement_ids" {
  description = "Sids of the statements of the role's policy, one per tier used."
  value       = tolist([for s in local.statements : s.sid])
}

output "policy_json" {
  description = "The role's inline policy (null when it has none)."
  value       = one(aws_iam_role_policy.this[*].policy)
}
