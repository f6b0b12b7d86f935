#!/usr/bin/env bash
# Deploy cable-ingest to Google Cloud as a daily Dataflow job (see deploy/README.md).
#
#   PROJECT=my-project DROP_BUCKET=my-drops OUTPUT_BUCKET=my-cables deploy/deploy.sh
#
# Idempotent: run it again after a code change to rebuild the image and the template.
# Creates what is missing: APIs, buckets, an Artifact Registry repository, three service
# accounts (workers, workflow, scheduler), the Flex Template image and spec, the Workflows
# workflow that launches the template on yesterday's drop, and the Cloud Scheduler job.
set -euo pipefail

: "${PROJECT:?set PROJECT to your Google Cloud project id}"
: "${DROP_BUCKET:?set DROP_BUCKET: where new cables are dropped, under drops/YYYY-MM-DD/}"
: "${OUTPUT_BUCKET:?set OUTPUT_BUCKET: where results go, under ingest/YYYY-MM-DD/}"
REGION=${REGION:-europe-west1}
SCHEDULE=${SCHEDULE:-"30 2 * * *"}          # every day at 02:30 UTC
REPOSITORY=${REPOSITORY:-cable-ingest}
TAG=${TAG:-$(git rev-parse --short HEAD)}
IMAGE="$REGION-docker.pkg.dev/$PROJECT/$REPOSITORY/cable-ingest:$TAG"
TEMPLATE_PATH="gs://$OUTPUT_BUCKET/templates/cable-ingest.json"
WORKER_SA="cable-ingest-worker@$PROJECT.iam.gserviceaccount.com"
WORKFLOW_SA="cable-ingest-workflow@$PROJECT.iam.gserviceaccount.com"
SCHEDULER_SA="cable-ingest-scheduler@$PROJECT.iam.gserviceaccount.com"
WORKFLOW=cable-ingest-daily

cd "$(dirname "$0")/.."
gcloud config set project "$PROJECT" >/dev/null

step() { printf '\n== %s\n' "$*"; }

step "enable the APIs"
gcloud services enable dataflow.googleapis.com compute.googleapis.com storage.googleapis.com \
    artifactregistry.googleapis.com cloudbuild.googleapis.com workflows.googleapis.com \
    cloudscheduler.googleapis.com pubsub.googleapis.com

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
grant "$SCHEDULER_SA" roles/workflows.invoker

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
    --set-env-vars="TEMPLATE_PATH=$TEMPLATE_PATH,IMAGE=$IMAGE,DROP_BUCKET=$DROP_BUCKET,OUTPUT_BUCKET=$OUTPUT_BUCKET,WORKER_SERVICE_ACCOUNT=$WORKER_SA"

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

step "done"
echo "Template: $TEMPLATE_PATH"
echo "Image:    $IMAGE"
echo "Run it now for one day: gcloud workflows run $WORKFLOW --location=$REGION --data='{\"date\": \"$(date -u -d yesterday +%F)\"}'"
