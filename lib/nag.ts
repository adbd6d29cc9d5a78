/**
 * cdk-nag finding ids, written from the constructs they are about.
 *
 * A finding about a policy names the resources it grants on as cdk-nag
 * writes them, `<LogicalId.Arn>`; an acknowledgement must carry the same
 * text. Taking the logical id from the construct (`Stack.getLogicalId`)
 * keeps an acknowledgement on its resource when a construct is renamed or
 * moved, instead of pointing at a logical id that no longer exists (and
 * failing synthesis with an unacknowledged finding).
 */
import { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag writes the ARN of `construct`'s CloudFormation resource.
 *
 * @example arnReference(table) // '<ArticlesTable867D7F42.Arn>'
 * @throws Error if the construct has no CloudFormation resource of its own
 */
export function arnReference(construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!CfnElement.isCfnElement(resource)) {
    throw new Error(
      `${construct.node.path} has no CloudFormation resource of its own; expected an L2 construct such as a Bucket or Table`
    );
  }
  return `<${Stack.of(construct).getLogicalId(resource)}.Arn>`;
}
