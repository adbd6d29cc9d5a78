/**
 * Monitoring in the synthesized stack: alarms, their topic, the dashboard.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  INGEST_METRICS,
  METRICS_NAMESPACE,
  SERVICE_NAMES,
} from '../../../functions/shared/observability.ts';
import { stackSynthesizer } from '../../support/synth.ts';

const { synth } = stackSynthesizer();
const { template } = synth();
const resources = (type: string) => template.findResources(type);

describe('Stack: monitoring', () => {
  it('alarms on dead letters, backlog age, errors and throttles', () => {
    // Assess
    const alarms = Object.values(resources('AWS::CloudWatch::Alarm'));
    // Dead letters, backlog age, errors + throttles of both functions,
    // ingest failures, rejected messages, the API's 5XX.
    expect(alarms).toHaveLength(9);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      Dimensions: [
        {
          Name: 'QueueName',
          Value: {
            'Fn::GetAtt': [
              Match.stringLikeRegexp('^IngestDeadLetterQueue'),
              'QueueName',
            ],
          },
        },
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 900,
    });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('alarms on the ingest failure and rejection metrics and the API 5XX, and graphs them', () => {
    // Assess
    for (const name of ['IngestFailures', 'MessagesRejected']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'Dropwire',
        MetricName: name,
        Dimensions: [{ Name: 'service', Value: 'dropwire-ingest' }],
        Threshold: 1,
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5XXError',
      Threshold: 1,
    });
    const [dashboard] = Object.values(resources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const name of ['MessagesRejected', 'IngestFailures', '5XXError']) {
      expect(body).toContain(name);
    }
  });

  it('notifies an encrypted SNS topic when an alarm e-mail is given', () => {
    // Prepare
    const notified = synth({ alarmEmail: 'ops@example.com' }).template;

    // Assess
    notified.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    notified.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.anyValue(),
    });
    for (const alarm of Object.values(
      notified.findResources('AWS::CloudWatch::Alarm')
    )) {
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
    }
  });

  it('draws the ingest metrics by the names and service the handler emits them with', () => {
    // Prepare: the dashboard body, its references left out.
    const [dashboard] = Object.values(resources('AWS::CloudWatch::Dashboard'));
    const body = (
      (dashboard?.Properties.DashboardBody['Fn::Join'][1] ?? []) as unknown[]
    )
      .filter((part) => typeof part === 'string')
      .join('');

    // Act
    const drawn = [
      ...body.matchAll(
        new RegExp(
          `\\["${METRICS_NAMESPACE}","(\\w+)","service","([\\w-]+)"`,
          'gu'
        )
      ),
    ];

    // Assess
    expect(drawn.map((m) => m[1])).toEqual([
      'ArticlesStored',
      'ArticlesDuplicate',
      'RecordsRejected',
      'FilesRejected',
      'FilesSkipped',
      'IngestFailures',
      'MessagesRejected',
    ]);
    const emitted: readonly string[] = Object.values(INGEST_METRICS);
    for (const [, name, service] of drawn) {
      expect(emitted).toContain(name);
      expect(service).toBe(SERVICE_NAMES.ingest);
    }
  });
});
