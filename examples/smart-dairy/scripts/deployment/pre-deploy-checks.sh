#!/bin/sh
# Pre-deployment checks before a hotfix (the seed's scripts/deployment/pre-deploy-checks.sh). Run
# by `hypercare hotfix deploy` as its precheck step; exits non-zero, saying why, when the deploy
# must not go on. --quick runs only the fast checks. In the demo, STAND_IN_FAIL=precheck makes it
# fail the way a running database migration would.
set -eu
quick=no
[ "${1:-}" = "--quick" ] && quick=yes
component=${HYPERCARE_COMPONENT:?run me from hypercare hotfix deploy (HYPERCARE_COMPONENT is not set)}
echo "pre-deploy checks for $component ${HYPERCARE_TAG:-} (quick: $quick)"

kubectl get deployment "$component" -n smart-dairy -o name >/dev/null
echo "  ok    the cluster answers and runs deployment $component"

free=$(df -P . | awk 'NR == 2 { sub("%", "", $5); print 100 - $5 }')
if [ "$free" -lt 5 ]; then
  echo "  FAIL  only $free% disk free on this machine" >&2
  exit 1
fi
echo "  ok    $free% disk free on this machine"

if [ "$quick" = no ]; then
  # The slow checks (fresh backup, no pending migrations) need the real cluster.
  echo "  skip  backup and migration checks (not in the demo)"
fi
case ",${STAND_IN_FAIL:-}," in
  *,precheck,*)
    echo "  FAIL  a database migration is still running (STAND_IN_FAIL=precheck)" >&2
    exit 1 ;;
esac
echo "pre-deploy checks passed"
