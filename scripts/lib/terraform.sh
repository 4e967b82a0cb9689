# Terraform checks for one module or stack: fmt, init (offline, from the
# provider mirror), validate, and `terraform test`. Sourced by scripts/test.sh.
TF_PLUGIN_DIR="${TF_PLUGIN_DIR:-/opt/tf-plugins}"
# The project's own CLI config: providers only from the local mirror.
export TF_CLI_CONFIG_FILE="$PROJECT_ROOT/infra/terraform.rc"
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
# infra/terraform.rc shares one provider cache between the dirs; Terraform
# requires the directory to exist.
mkdir -p "$HOME/.terraform.d/plugin-cache"

terraform_checks() {
  local dir=$1
  check "terraform fmt $dir" terraform fmt -check -recursive "$dir"
  check "terraform init+validate $dir" bash -c \
    "terraform -chdir='$dir' init -backend=false -input=false -plugin-dir='$TF_PLUGIN_DIR' >/dev/null && terraform -chdir='$dir' validate -no-color"
  if [ -d "$dir/tests" ]; then
    echo
    echo "==> terraform test $dir"
    local out
    out="$(terraform -chdir="$dir" test -no-color 2>&1)"
    echo "$out" | tail -n 20
    local line
    line="$(echo "$out" | grep -Eo '[0-9]+ passed, [0-9]+ failed' | tail -n 1)"
    if [ -n "$line" ]; then
      count "terraform test $dir" "$(echo "$line" | cut -d' ' -f1)" "$(echo "$line" | cut -d' ' -f3)"
    else
      count "terraform test $dir" 0 1
    fi
  fi
}
