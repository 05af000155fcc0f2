import type { TestProject } from 'vitest/node';
import { LOCAL_VISIBILITY_TIMEOUT_SECONDS, provision } from '../local/provision.js';
import { freePorts, startLocalStack } from '../local/stack.js';
import type {} from './support/stack.js'; // the ProvidedContext typing

// One local stack per run, on free ports so a developer's `npm start` (8000/9324/8005) keeps running.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [dynamoPort, sqsPort, sesPort] = await freePorts(3);
  const local = await startLocalStack({ dynamoPort, sqsPort, sesPort, inMemory: true });
  try {
    const { tableName, queueUrls } = await provision(local.endpoints, {
      visibilityTimeoutSeconds: LOCAL_VISIBILITY_TIMEOUT_SECONDS,
    });
    project.provide('stack', {
      ...local.endpoints,
      tableName,
      queueUrls,
      visibilityTimeoutSeconds: LOCAL_VISIBILITY_TIMEOUT_SECONDS,
    });
  } catch (error) {
    await local.stop();
    throw error;
  }
  return () => local.stop();
}
