import { App } from 'aws-cdk-lib';
import { DEFAULT_REGION } from './definitions.js';
import { LooptijdStack } from './stack.js';

const app = new App();
new LooptijdStack(app, 'Looptijd', {
  // Environment-agnostic unless the CLI knows the account: synth needs no credentials.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? DEFAULT_REGION },
});
app.synth();
