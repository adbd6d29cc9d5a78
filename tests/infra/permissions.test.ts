/**
 * The permission table (lib/permissions.ts) held against both sides: the
 * SDK commands each function's code sends, and the IAM actions the
 * synthesized template grants its role.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  actionsOf,
  type Call,
  FUNCTION_CALLS,
  type FunctionName,
  IAM_ACTIONS,
  REPROCESS_CALLS,
  type ResourceKind,
  reprocessPolicy,
} from '../../lib/permissions.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { stackSynthesizer } from '../support/synth.ts';

const { synth } = stackSynthesizer();
const { template } = synth();

/** Each function's entry and the logical id prefix of its role's policy. */
const FUNCTIONS: Record<
  FunctionName,
  { readonly entry: string; readonly role: string }
> = {
  ingest: {
    entry: 'functions/ingest/handler.ts',
    role: 'IngestIngestFunctionRole',
  },
  read: { entry: 'functions/api/handler.ts', role: 'ReadReadFunctionRole' },
};

/**
 * What the template grants beyond the code's calls, and why: CDK adds them
 * for the platform, not for anything the code sends.
 */
const PLATFORM_GRANTS: Record<FunctionName, Record<string, string[]>> = {
  // Lambda writes the function's logs to its own log group.
  ingest: {
    logs: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    // Lambda's SQS poller (the event source mapping) receives and deletes
    // the ingest queue's messages for the function.
    ingestQueue: [
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ],
  },
  read: { logs: ['logs:CreateLogStream', 'logs:PutLogEvents'] },
};

/**
 * Commands in a function's bundle that it never sends, and why: none. The
 * read function reads through ArticleReader and bundles none of the write
 * path; the ingest function sends every call its modules hold.
 * tests/integration/permissions.test.ts records what each function sends
 * on the real servers and holds it to the table.
 */
const BUNDLED_NOT_SENT: Record<FunctionName, readonly Call[]> = {
  ingest: [],
  read: [],
};

/** The modules of the repository a function's bundle is built from. */
async function bundledSources(entry: string): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [join(REPO_ROOT, entry)],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  return Object.keys(metafile.inputs).filter((path) =>
    path.startsWith('functions/')
  );
}

/**
 * The calls a module's code makes, read from its source: each `new
 * XCommand(`, with the operations inside a TransactWriteItems and a
 * VersionId in a GetObject written out as the table writes them.
 */
function callsIn(source: string): Call[] {
  const calls = new Set<string>();
  // A transaction's operations are checked one by one: they are read from
  // every module that sends the command or builds its items (the
  // `TransactWriteItem` type), such as holdings.ts.
  if (/\bTransactWriteItems?\b/u.test(source)) {
    for (const [, kind] of source.matchAll(
      /\b(Put|Update|Delete|ConditionCheck): \{/gu
    )) {
      calls.add(`TransactWriteItems.${kind}`);
    }
  }
  for (const [, command] of source.matchAll(/new (\w+)Command\(/gu)) {
    if (command !== 'TransactWriteItems') calls.add(command as string);
    if (command === 'GetObject' && /\bVersionId:/u.test(source)) {
      calls.add('GetObject.VersionId');
    }
  }
  // A transaction's operations, in the module that sends it or in one that
  // builds its items (a `TransactWriteItem`, as holdings.ts does).
  if (/\bTransactWriteItems?\b/u.test(source)) {
    for (const [, kind] of source.matchAll(
      /\b(Put|Update|Delete|ConditionCheck): \{/gu
    )) {
      calls.add(`TransactWriteItems.${kind}`);
    }
  }
  for (const call of calls) {
    // A command the table has never heard of fails here, by name.
    expect(Object.keys(IAM_ACTIONS), `unknown call ${call}`).toContain(call);
  }
  return [...calls] as Call[];
}

/** The kind of resource a statement's resource is, from its logical id. */
function kindOf(resource: unknown): ResourceKind | 'logs' {
  const text = JSON.stringify(resource);
  const kinds: [RegExp, ResourceKind | 'logs'][] = [
    [/ArticlesTable\w+".*\/index\/\*/u, 'tableIndexes'],
    [/ArticlesTable\w+".*\/index\/byFile"/u, 'byFileIndex'],
    [/ArticlesTable\w+/u, 'table'],
    [/DropBucket\w+".*\/\*/u, 'bucketObjects'],
    [/DropBucket\w+/u, 'bucket'],
    [/IngestQueue\w+/u, 'ingestQueue'],
    [/Logs\w+/u, 'logs'],
  ];
  const found = kinds.find(([pattern]) => pattern.test(text));
  if (!found) throw new Error(`no resource kind for ${text}`);
  return found[1];
}

/** The actions the template grants a function's role, per resource kind. */
function grantedActions(role: string): Record<string, string[]> {
  const granted: Record<string, Set<string>> = {};
  const policies = template.findResources('AWS::IAM::Policy');
  for (const [id, policy] of Object.entries(policies)) {
    if (!id.startsWith(role)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      expect(statement.Effect).toBe('Allow');
      for (const resource of [statement.Resource].flat()) {
        const kind = kindOf(resource);
        granted[kind] ??= new Set();
        for (const action of [statement.Action].flat()) {
          granted[kind].add(action);
        }
      }
    }
  }
  return Object.fromEntries(
    Object.entries(granted).map(([kind, actions]) => [
      kind,
      [...actions].sort(),
    ])
  );
}

describe('Permissions: the table against the template', () => {
  for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
    it(`grants the ${name} function exactly its table rows' actions, on their resources`, () => {
      // Prepare
      const rows: Record<string, readonly Call[]> = FUNCTION_CALLS[name];
      const expected: Record<string, string[]> = {};
      for (const [kind, calls] of Object.entries(rows)) {
        expected[kind] = actionsOf(calls);
      }
      for (const [kind, actions] of Object.entries(PLATFORM_GRANTS[name])) {
        expected[kind] = [
          ...new Set([...(expected[kind] ?? []), ...actions]),
        ].sort();
      }

      // Act
      const granted = grantedActions(FUNCTIONS[name].role);

      // Assess
      expect(granted).toEqual(expected);
      for (const actions of Object.values(granted)) {
        for (const action of actions) expect(action).not.toContain('*');
      }
    });
  }
});

describe('Permissions: the table against the code', () => {
  for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
    it(`lists every call the ${name} function's modules make, and no other`, async () => {
      // Prepare
      const rows: Record<string, readonly Call[]> = FUNCTION_CALLS[name];
      const listed = new Set(Object.values(rows).flat());
      // Granted for S3's answer to a missing key, not sent (permissions.ts).
      listed.delete('GetObject.NoSuchKey');

      // Act
      const sources = await bundledSources(FUNCTIONS[name].entry);
      // All modules at once: a transaction's items are built in one module
      // (holdings.ts) and sent from another (article-store.ts).
      const inCode = new Set(
        callsIn(
          sources
            .map((path) => readFileSync(join(REPO_ROOT, path), 'utf8'))
            .join('\n')
        )
      );
      for (const call of BUNDLED_NOT_SENT[name]) {
        expect(inCode, `${call} is no longer bundled`).toContain(call);
        inCode.delete(call);
      }

      // Assess
      expect(sources.length).toBeGreaterThan(10);
      expect([...inCode].sort()).toEqual([...listed].sort());
    });
  }
});

describe('Permissions: dropwire reprocess', () => {
  const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

  it('lists every call the reprocess command sends, and no other', () => {
    // Act
    const inCode = callsIn(
      readFileSync(join(REPO_ROOT, 'bin/cli/reprocess.ts'), 'utf8')
    );

    // Assess
    expect(inCode.sort()).toEqual(Object.values(REPROCESS_CALLS).flat().sort());
  });

  it('needs s3:ListBucket on the bucket and sqs:SendMessage on the queue, and nothing else', () => {
    // Act
    const policy = reprocessPolicy('arn:aws:s3:::drop', 'arn:aws:sqs:r:1:q');

    // Assess
    expect(
      policy.Statement.map(({ Action, Resource }) => ({ Action, Resource }))
    ).toEqual([
      { Action: ['s3:ListBucket'], Resource: 'arn:aws:s3:::drop' },
      { Action: ['sqs:SendMessage'], Resource: 'arn:aws:sqs:r:1:q' },
    ]);
  });

  it('shows in the README the policy a user needs', () => {
    // Prepare
    const policy = reprocessPolicy(
      'arn:aws:s3:::<DropBucketName>',
      'arn:aws:sqs:<region>:<account-id>:<IngestQueueName>'
    );

    // Act: the README's JSON blocks that are IAM policies.
    const shown = [...README.matchAll(/```json\n([\s\S]*?)\n```/gu)]
      .map(([, block]) => JSON.parse(block as string))
      .filter((document) => document.Version === '2012-10-17');

    // Assess
    expect(shown).toEqual([policy]);
  });

  it('lets no function but ingest consume the ingest queue', () => {
    // Prepare
    const queues = template.findResources('AWS::SQS::Queue');
    const queueId = Object.keys(queues).find((id) =>
      id.startsWith('IngestIngestQueue')
    );
    const consuming = [
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:ChangeMessageVisibility',
    ];

    // Act
    const mappings = Object.values(
      template.findResources('AWS::Lambda::EventSourceMapping')
    ).filter((mapping) =>
      JSON.stringify(mapping.Properties.EventSourceArn).includes(
        String(queueId)
      )
    );
    const consumers = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([, policy]) =>
        policy.Properties.PolicyDocument.Statement.some(
          (statement: { Action: unknown; Resource: unknown }) =>
            JSON.stringify(statement.Resource).includes(String(queueId)) &&
            [statement.Action]
              .flat()
              .some((action) => consuming.includes(String(action)))
        )
      )
      .map(([id]) => id);
    const queuePolicyGrants = Object.values(
      template.findResources('AWS::SQS::QueuePolicy')
    )
      .filter((policy) =>
        JSON.stringify(policy.Properties.Queues).includes(String(queueId))
      )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement) => statement.Effect === 'Allow');

    // Assess
    expect(queueId).toBeDefined();
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.Properties.FunctionName.Ref).toMatch(
      /^IngestIngestFunction/u
    );
    expect(consumers).toHaveLength(1);
    expect(consumers[0]).toMatch(new RegExp(`^${FUNCTIONS.ingest.role}`, 'u'));
    // The queue's own policy lets S3 send, and no one receive.
    expect(queuePolicyGrants).toHaveLength(1);
    expect(queuePolicyGrants[0].Principal).toEqual({
      Service: 's3.amazonaws.com',
    });
    for (const action of consuming) {
      expect(queuePolicyGrants[0].Action).not.toContain(action);
    }
  });
});
