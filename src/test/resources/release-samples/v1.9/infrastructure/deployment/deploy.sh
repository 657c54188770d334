#!/usr/bin/env bash
# (excerpt of opencrvs-farajaland release/1.9.15 infrastructure/deployment/deploy.sh)
# Send a notification email to confirm emails are working
EMAIL_PAYLOAD='{
  "subject": "🚀 Deployment to '$ENV' finished",
  "html": "Deployment to '$ENV' was successful with images '$VERSION' for core and '$COUNTRY_CONFIG_VERSION' for country config.",
  "from": "{{SENDER_EMAIL_ADDRESS}}",
  "to": "{{ALERT_EMAIL}}"
}'
docker images --format "{{.Repository}}:{{.Tag}}"
