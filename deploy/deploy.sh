#!/usr/bin/env bash
# Deploy cable-ingest to Google Cloud as a daily Dataflow job (see deploy/README.md).
#
#   PROJECT=my-project DROP_BUCKET=my-drops OUTPUT_BUCKET=my-cables deploy/deploy.sh
#
# Idempotent: run it again after a code change to rebuild the image and the template.
# Creates what is missing: APIs, buckets, an Artifact Registry repository, three service
# accounts (workers, workflow, scheduler), the BigQuery table, the Flex Template image and spec,
# the Workflows workflow (one incremental run over every drop, waited for, then loaded into
# BigQuery), the Cloud Scheduler job and the alert policies (deploy/alert-policy*.json).
set -euo pipefail

: "${PROJECT:?set PROJECT to your Google Cloud project id}"
: "${DROP_BUCKET:?set DROP_BUCKET: where new cables are dropped, anywhere under drops/}"
: "${OUTPUT_BUCKET:?set OUTPUT_BUCKET: where results go, under ingest/}"
REGION=${REGION:-europe-west1}
SCHEDULE=${SCHEDULE:-"30 2 * * *"}          # every day at 02:30 UTC
REPOSITORY=${REPOSITORY:-cable-ingest}
BQ_DATASET=${BQ_DATASET:-cables}             # the BigQuery dataset and table loaded after each run
BQ_TABLE=${BQ_TABLE:-cables}
ALERT_EMAIL=${ALERT_EMAIL:-}                 # optional: who is told of dead letters and failed runs
TAG=${TAG:-$(git rev-parse --short HEAD)}
IMAGE="$REGION-docker.pkg.dev/$PROJECT/$REPOSITORY/cable-ingest:$TAG"
TEMPLATE_PATH="gs://$OUTPUT_BUCKET/templates/cable-ingest.json"
WORKER_SA="cable-ingest-worker@$PROJECT.iam.gserviceaccount.com"
WORKFLOW_SA="cable-ingest-workflow@$PROJECT.iam.gserviceaccount.com"
SCHEDULER_SA="cable-ingest-scheduler@$PROJECT.iam.gserviceaccount.com"
WORKFLOW=cable-ingest-daily
# Failed inputs and failed executions; no execution that succeeded for 26 hours (a paused or
# broken schedule fails no execution: nothing runs); record files of earlier runs gone from the
# output (a warning of the run, not a failure).
ALERT_POLICY_FILES=(deploy/alert-policy.json deploy/alert-policy-no-run.json
                    deploy/alert-policy-output-damaged.json)
CABLE_INGEST=${CABLE_INGEST:-.venv/bin/cable-ingest}   # prints the BigQuery table schema

cd "$(dirname "$0")/.."
gcloud config set project "$PROJECT" >/dev/null

step() { printf '\n== %s\n' "$*"; }

step "enable the APIs"
gcloud services enable dataflow.googleapis.com compute.googleapis.com storage.googleapis.com \
    artifactregistry.googleapis.com cloudbuild.googleapis.com workflows.googleapis.com \
    cloudscheduler.googleapis.com pubsub.googleapis.com bigquery.googleapis.com \
    monitoring.googleapis.com

step "buckets"
for bucket in "$DROP_BUCKET" "$OUTPUT_BUCKET"; do
    gcloud storage buckets describe "gs://$bucket" >/dev/null 2>&1 ||
        gcloud storage buckets create "gs://$bucket" --location="$REGION" \
            --uniform-bucket-level-access
done

step "Artifact Registry repository"
gcloud artifacts repositories describe "$REPOSITORY" --location="$REGION" >/dev/null 2>&1 ||
    gcloud artifacts repositories create "$REPOSITORY" --location="$REGION" \
        --repository-format=docker

step "service accounts and their roles"
ensure_sa() {
    gcloud iam service-accounts describe "$1@$PROJECT.iam.gserviceaccount.com" >/dev/null 2>&1 ||
        gcloud iam service-accounts create "$1" --display-name="$2"
}
grant() {  # grant MEMBER ROLE on the project
    gcloud projects add-iam-policy-binding "$PROJECT" --member="serviceAccount:$1" --role="$2" \
        --condition=None >/dev/null
}
ensure_sa cable-ingest-worker "cable-ingest Dataflow workers"
ensure_sa cable-ingest-workflow "cable-ingest daily launcher"
ensure_sa cable-ingest-scheduler "cable-ingest schedule"
grant "$WORKER_SA" roles/dataflow.worker
grant "$WORKER_SA" roles/artifactregistry.reader
grant "$WORKER_SA" roles/pubsub.subscriber
gcloud storage buckets add-iam-policy-binding "gs://$DROP_BUCKET" \
    --member="serviceAccount:$WORKER_SA" --role=roles/storage.objectViewer >/dev/null
gcloud storage buckets add-iam-policy-binding "gs://$OUTPUT_BUCKET" \
    --member="serviceAccount:$WORKER_SA" --role=roles/storage.objectAdmin >/dev/null
grant "$WORKFLOW_SA" roles/dataflow.developer
gcloud storage buckets add-iam-policy-binding "gs://$OUTPUT_BUCKET" \
    --member="serviceAccount:$WORKFLOW_SA" --role=roles/storage.objectViewer >/dev/null
gcloud iam service-accounts add-iam-policy-binding "$WORKER_SA" \
    --member="serviceAccount:$WORKFLOW_SA" --role=roles/iam.serviceAccountUser >/dev/null
grant "$WORKFLOW_SA" roles/bigquery.jobUser
grant "$SCHEDULER_SA" roles/workflows.invoker

step "BigQuery table $PROJECT:$BQ_DATASET.$BQ_TABLE, partitioned by day of ingested_at"
[ -x "$CABLE_INGEST" ] || make venv
bq --location="$REGION" show --dataset "$PROJECT:$BQ_DATASET" >/dev/null 2>&1 ||
    bq --location="$REGION" mk --dataset "$PROJECT:$BQ_DATASET"
if ! bq show "$PROJECT:$BQ_DATASET.$BQ_TABLE" >/dev/null 2>&1; then
    schema=$(mktemp --suffix=.json)
    "$CABLE_INGEST" schema cable --bigquery > "$schema"
    bq mk --table --time_partitioning_field=ingested_at --time_partitioning_type=DAY \
        --description="Cables ingested by cable-ingest, one row per cable" \
        "$PROJECT:$BQ_DATASET.$BQ_TABLE" "$schema"
    rm -f "$schema"
fi
bq add-iam-policy-binding --member="serviceAccount:$WORKFLOW_SA" \
    --role=roles/bigquery.dataEditor "$PROJECT:$BQ_DATASET.$BQ_TABLE" >/dev/null

step "check the launcher base image the Dockerfile pins"
launcher_image=$(sed -n 's/^ARG LAUNCHER_IMAGE=//p' deploy/Dockerfile)
launcher_tag=$(sed -n 's/^ARG LAUNCHER_TAG=//p' deploy/Dockerfile)
if [ -z "$(gcloud container images list-tags "$launcher_image" \
            --filter="tags:$launcher_tag" --format='value(tags)')" ]; then
    echo "deploy/Dockerfile pins $launcher_image:$launcher_tag, which does not exist." >&2
    echo "Pick a dated release from:" >&2
    gcloud container images list-tags "$launcher_image" --limit=5 --format='value(tags)' >&2
    exit 1
fi

step "build the image $IMAGE (Cloud Build, from the committed tree)"
source_archive=$(mktemp --suffix=.tar.gz)
trap 'rm -f "$source_archive"' EXIT
git archive --format=tar.gz -o "$source_archive" HEAD
gcloud builds submit "$source_archive" --region="$REGION" --config=deploy/cloudbuild.yaml \
    --substitutions="_IMAGE=$IMAGE"

step "build the Flex Template spec $TEMPLATE_PATH"
gcloud dataflow flex-template build "$TEMPLATE_PATH" --image="$IMAGE" --sdk-language=PYTHON \
    --metadata-file=deploy/metadata.json

step "deploy the workflow $WORKFLOW"
gcloud workflows deploy "$WORKFLOW" --location="$REGION" --source=deploy/workflow.yaml \
    --service-account="$WORKFLOW_SA" \
    --set-env-vars="TEMPLATE_PATH=$TEMPLATE_PATH,IMAGE=$IMAGE,DROP_BUCKET=$DROP_BUCKET,OUTPUT_BUCKET=$OUTPUT_BUCKET,WORKER_SERVICE_ACCOUNT=$WORKER_SA,BQ_DATASET=$BQ_DATASET,BQ_TABLE=$BQ_TABLE"

step "schedule it: '$SCHEDULE' (UTC)"
executions="https://workflowexecutions.googleapis.com/v1/projects/$PROJECT/locations/$REGION/workflows/$WORKFLOW/executions"
schedule_args=(--location="$REGION" --schedule="$SCHEDULE" --time-zone=Etc/UTC
               --uri="$executions" --http-method=POST --message-body='{"argument": "{}"}'
               --oauth-service-account-email="$SCHEDULER_SA"
               --oauth-token-scope=https://www.googleapis.com/auth/cloud-platform)
if gcloud scheduler jobs describe "$WORKFLOW" --location="$REGION" >/dev/null 2>&1; then
    gcloud scheduler jobs update http "$WORKFLOW" "${schedule_args[@]}"
else
    gcloud scheduler jobs create http "$WORKFLOW" "${schedule_args[@]}"
fi

step "alert policies: failed runs, no run at all, a damaged output (${ALERT_POLICY_FILES[*]})"
channel=
if [ -n "$ALERT_EMAIL" ]; then
    channel=$(gcloud beta monitoring channels list --filter="labels.email_address='$ALERT_EMAIL'" \
              --format='value(name)' --limit=1)
    [ -n "$channel" ] || channel=$(gcloud beta monitoring channels create --type=email \
        --display-name="cable-ingest: $ALERT_EMAIL" --channel-labels="email_address=$ALERT_EMAIL" \
        --format='value(name)')
fi
for policy_source in "${ALERT_POLICY_FILES[@]}"; do
    policy_file=$policy_source
    if [ -n "$channel" ]; then
        policy_file=$(mktemp --suffix=.json)
        python3 -c 'import json, sys; policy = json.load(open(sys.argv[1]))
policy["notificationChannels"] = [sys.argv[2]]; json.dump(policy, open(sys.argv[3], "w"))' \
            "$policy_source" "$channel" "$policy_file"
    fi
    # (found by its name: the policy's displayName stays as it is, or a second policy is made)
    policy_name=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["displayName"])' \
                  "$policy_source")
    existing=$(gcloud alpha monitoring policies list --filter="displayName=\"$policy_name\"" \
               --format='value(name)' --limit=1)
    if [ -n "$existing" ]; then
        gcloud alpha monitoring policies update "$existing" --policy-from-file="$policy_file"
    else
        gcloud alpha monitoring policies create --policy-from-file="$policy_file"
    fi
    [ "$policy_file" = "$policy_source" ] || rm -f "$policy_file"
done

step "done"
echo "Template: $TEMPLATE_PATH"
echo "Image:    $IMAGE"
echo "Table:    $PROJECT:$BQ_DATASET.$BQ_TABLE"
echo "Run it now: gcloud workflows run $WORKFLOW --location=$REGION"
