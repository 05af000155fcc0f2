import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError, type DeployConfig, deployConfig, names } from './config.js';
import { DEFAULT_REGION } from './definitions.js';
import { LooptijdStack } from './stack.js';

const app = new App();
let config: DeployConfig;
try {
  config = deployConfig(app);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
new LooptijdStack(app, names(config.stage).stackName, {
  config,
  // Environment-agnostic unless the CLI knows the account: synth needs no credentials.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? DEFAULT_REGION },
  description: `Looptijd subscription backend (${config.stage})`,
  terminationProtection: config.stage === 'prod',
});
// cdk-nag's AwsSolutions pack: any finding not acknowledged (with its reason, next to the construct) fails the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
