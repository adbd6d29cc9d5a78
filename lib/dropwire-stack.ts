/**
 * The Dropwire stack: puts the constructs together.
 *
 * Resources arrive with the issues that build them (the drop bucket and
 * ingest queue, the article table, the ingest and read functions, the API);
 * each lives in its own construct under `lib/constructs/`, and this class
 * only wires them.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** Properties of {@link DropwireStack}. */
export interface DropwireStackProps extends StackProps {}

/** The whole pipeline in one stack. */
export class DropwireStack extends Stack {
  public constructor(
    scope: Construct,
    id: string,
    props: DropwireStackProps = {}
  ) {
    super(scope, id, props);
  }
}
