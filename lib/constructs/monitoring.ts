/**
 * Monitoring: alarms on what needs a person, and a dashboard.
 *
 * Alarms: a message in the dead-letter queue (a file that failed every
 * retry), the ingest queue's oldest message getting old (ingest is stuck or
 * starved), errors or throttles of each function, ingest failures and
 * rejected messages (a partial batch failure is no Lambda error: the
 * function succeeded and reported the failed messages), and the read API's
 * 5XX answers. They notify an SNS topic when one is given; without one
 * they still show in the console.
 */
import { Duration } from 'aws-cdk-lib';
import type { IRestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  SingleValueWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  INGEST_METRICS,
  METRICS_NAMESPACE,
  SERVICE_NAMES,
} from '../../functions/shared/observability.ts';
import { MONITORING_DEFAULTS } from '../defaults.ts';

/** Properties of {@link Monitoring}. */
export interface MonitoringProps {
  readonly ingestQueue: IQueue;
  readonly deadLetterQueue: IQueue;
  /** Functions whose errors and throttles raise alarms, by display name. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** The read API, whose 5XX answers raise an alarm. */
  readonly api: IRestApi;
  /**
   * Where alarms notify.
   * @default no notification: alarms show in the CloudWatch console only
   */
  readonly alarmTopic?: ITopic | undefined;
  /**
   * Age of the oldest ingest message that raises an alarm.
   * @default 15 minutes (`MONITORING_DEFAULTS.maxMessageAge`)
   */
  readonly maxMessageAge?: Duration | undefined;
  /** The dashboard's name. @default a name CloudFormation generates */
  readonly dashboardName?: string | undefined;
}

const PERIOD = Duration.minutes(5);

/** Alarms and a dashboard for the pipeline. */
export class Monitoring extends Construct {
  /** Every alarm, by purpose. */
  public readonly alarms: readonly Alarm[];
  public readonly dashboard: Dashboard;

  public constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const dlqDepth =
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
      });
    const oldestAge = props.ingestQueue.metricApproximateAgeOfOldestMessage({
      period: Duration.minutes(1),
    });
    const alarms: Alarm[] = [
      new Alarm(this, 'DeadLetters', {
        alarmDescription:
          'A file failed every retry and is in the dead-letter queue; inspect it, fix the cause, redrive it.',
        metric: dlqDepth,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator:
          ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'IngestBacklogAge', {
        alarmDescription: 'Uploads are waiting too long to be ingested.',
        metric: oldestAge,
        threshold: (
          props.maxMessageAge ?? MONITORING_DEFAULTS.maxMessageAge
        ).toSeconds(),
        evaluationPeriods: 3,
        comparisonOperator:
          ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const [name, fn] of Object.entries(props.functions)) {
      alarms.push(
        new Alarm(this, `${name}Errors`, {
          alarmDescription: `The ${name} function is failing.`,
          metric: fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator:
            ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
        new Alarm(this, `${name}Throttles`, {
          alarmDescription: `The ${name} function is being throttled.`,
          metric: fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator:
            ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        })
      );
    }
    const pipeline = (name: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service: SERVICE_NAMES.ingest },
        statistic: 'Sum',
        period: PERIOD,
      });
    const apiMetric = (metricName: string) =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiName: props.api.restApiName },
        statistic: 'Sum',
        period: PERIOD,
      });
    const api5xx = apiMetric('5XXError');
    const atLeastOnce = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    };
    alarms.push(
      new Alarm(this, 'IngestFailures', {
        alarmDescription:
          'Files failed with a transient fault and are being retried (the logs name each message id and error).',
        metric: pipeline(INGEST_METRICS.ingestFailures),
        ...atLeastOnce,
      }),
      new Alarm(this, 'MessagesRejected', {
        alarmDescription:
          'Messages on the ingest queue were not S3 notifications and were dropped (the logs name each).',
        metric: pipeline(INGEST_METRICS.messagesRejected),
        ...atLeastOnce,
      }),
      new Alarm(this, 'Api5xx', {
        alarmDescription: 'The read API answered 5XX errors.',
        metric: api5xx,
        ...atLeastOnce,
      })
    );
    if (props.alarmTopic) {
      const action = new SnsAction(props.alarmTopic);
      for (const alarm of alarms) alarm.addAlarmAction(action);
    }
    this.alarms = alarms;

    this.dashboard = new Dashboard(this, 'Dashboard', {
      ...(props.dashboardName ? { dashboardName: props.dashboardName } : {}),
      widgets: [
        [
          new GraphWidget({
            title: 'Articles',
            left: [
              INGEST_METRICS.articlesStored,
              INGEST_METRICS.articlesDuplicate,
              INGEST_METRICS.entriesRejected,
            ].map(pipeline),
            width: 12,
          }),
          new GraphWidget({
            title: 'Files',
            left: [
              INGEST_METRICS.filesRejected,
              INGEST_METRICS.filesSkipped,
              INGEST_METRICS.ingestFailures,
              INGEST_METRICS.messagesRejected,
            ].map(pipeline),
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Ingest queue',
            left: [
              props.ingestQueue.metricApproximateNumberOfMessagesVisible(),
              props.ingestQueue.metricNumberOfMessagesReceived(),
            ],
            right: [oldestAge],
            width: 12,
          }),
          new SingleValueWidget({
            title: 'Dead letters',
            metrics: [dlqDepth],
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Read API',
            left: [api5xx, apiMetric('4XXError'), apiMetric('Count')],
            width: 24,
          }),
        ],
        Object.entries(props.functions).map(
          ([name, fn]) =>
            new GraphWidget({
              title: `${name} function`,
              left: [
                fn.metricInvocations(),
                fn.metricErrors(),
                fn.metricThrottles(),
              ],
              right: [fn.metricDuration({ statistic: 'p99' })],
              width: 12,
            })
        ),
      ],
    });
  }
}
