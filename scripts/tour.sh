#!/usr/bin/env bash
# The README's API tour as one script: start the service (npm start) in this directory, then run
#   bash scripts/tour.sh
# It needs only bash, curl and node. API=... points it at another address.
set -euo pipefail
API=${API:-http://localhost:3000/api/v1}
DEPT=410100-SJJ

# call METHOD PATH TOKEN [curl args…]: prints the answer body, stops the tour on an HTTP error.
call() {
  local method=$1 path=$2 token=$3
  shift 3
  local out status
  out=$(curl -sS -X "$method" "$API$path" -H "Authorization: Bearer $token" -w '\n%{http_code}' "$@")
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  if [ "$status" -ge 400 ]; then
    echo "$method $path -> $status $out" >&2
    exit 1
  fi
  printf '%s' "$out"
}
# json FIELD: one field of the JSON on stdin (a path such as items.0.id).
json() { node -e 'let v=JSON.parse(require("fs").readFileSync(0,"utf8"));for(const k of process.argv[1].split("."))v=v?.[k];console.log(v??"")' "$1"; }

ADMIN=$(npm run -s token -- --roles admin)
W=$(npm run -s token -- --roles window --dept $DEPT --sub w1 --name 窗口小王)
H=$(npm run -s token -- --roles handler --dept $DEPT --sub h1 --name 承办人)
L=$(npm run -s token -- --roles leader --dept $DEPT --sub l1 --name 科长)

echo '== process definitions: the shipped ones, then a dry run and a deployment of your own'
call GET /process-definitions "$ADMIN" | json total
call POST '/process-definitions?dryRun=true' "$ADMIN" -H 'Content-Type: application/xml' \
  --data-binary @workflows/standard-approval.bpmn >/dev/null
call POST /process-definitions "$ADMIN" -F file=@docs/examples/my-process.bpmn | json definitions.0.key

echo '== approval items (事项) of the department'
call GET "/items?department=$DEPT" "$W" | json items.0.name

echo '== open a case (接件) for 食品经营许可'
KEY=$(node -e 'console.log(crypto.randomUUID())')
CASE=$(call POST /cases "$W" -H 'Content-Type: application/json' -H "Idempotency-Key: $KEY" \
  -d '{"itemCode":"410100-SJJ-XK-001","applicant":{"type":"LEGAL_PERSON","name":"郑州市好味道餐饮有限公司","uscc":"91410100MA44ABCD1F"}}')
ID=$(echo "$CASE" | json id)
echo "case $(echo "$CASE" | json caseNo): $(echo "$CASE" | json status)"

# act ROLE_TOKEN STEP BODY: the open task of this case at STEP, from that person's inbox, completed.
act() {
  local task
  task=$(call GET "/tasks?caseId=$ID&elementId=$2" "$1" | json items.0.id)
  [ -n "$task" ] || { echo "no open task $2 for case $ID" >&2; exit 1; }
  call POST "/tasks/$task/complete" "$1" -H 'Content-Type: application/json' -d "$3" >/dev/null
  echo "$2 done: case is $(call GET "/cases/$ID" "$1" | json status)"
}

echo '== the nine steps, each by its role'
act "$W" receive '{"outcome":"accept","opinion":"材料齐全，予以受理"}'
act "$H" review '{"outcome":"pass","opinion":"审查通过，拟准予许可"}'
act "$L" approve '{"outcome":"approve","opinion":"同意"}'
act "$H" certify '{}'
act "$H" seal '{}'
act "$W" issue '{}'
act "$H" publish '{}'
act "$H" archive '{"opinion":"归档"}'

echo '== the case, its timeline and the public progress query'
call GET "/cases/$ID" "$H" | json endedAt
S=$(npm run -s token -- --roles supervisor --sub s1 --name 监察员)
call GET "/cases/$ID/timeline" "$S" | json items.length
CASENO=$(echo "$CASE" | json caseNo)
QUERY=$(echo "$CASE" | json queryCode)
curl -sS "$API/public/cases/$CASENO?queryCode=$QUERY" | json status
echo '== tour complete'
