/**
 * Checks of the deployment files (deploy/k8s, docker-compose.yml, deploy/nginx,
 * Dockerfile) against the service's own configuration, as plain unit tests: no Spring
 * context, no cluster, no container engine. The end-to-end check of the container stack
 * is scripts/stack-check.sh.
 */
package dev.xent.deploy;
