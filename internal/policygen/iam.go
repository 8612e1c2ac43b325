package policygen

import (
	"fmt"
	"strings"
)

// iamActions are 200 actions of 30 services, as an identity policy of a
// real workload names them: each service's statement lists its actions on
// resources of that service.
var iamActions = []struct {
	service  string
	resource string // a Resource ARN the actions act on, numbered per statement
	actions  []string
}{
	{"s3", "arn:aws:s3:::example-bucket-%d/*", []string{"GetObject", "PutObject", "DeleteObject", "GetObjectTagging", "PutObjectTagging", "GetObjectVersion", "AbortMultipartUpload", "PutObjectAcl", "GetObjectAcl", "RestoreObject"}},
	{"s3", "arn:aws:s3:::example-bucket-%d", []string{"ListBucket", "GetBucketLocation", "GetBucketPolicy", "ListBucketVersions", "GetBucketTagging"}},
	{"dynamodb", "arn:aws:dynamodb:us-east-1:111122223333:table/orders-%d", []string{"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem", "DescribeTable", "ConditionCheckItem", "DescribeTimeToLive", "UpdateTimeToLive", "TagResource"}},
	{"sqs", "arn:aws:sqs:us-east-1:111122223333:queue-%d", []string{"SendMessage", "ReceiveMessage", "DeleteMessage", "GetQueueAttributes", "GetQueueUrl", "ChangeMessageVisibility", "PurgeQueue", "TagQueue", "ListQueueTags", "SetQueueAttributes"}},
	{"sns", "arn:aws:sns:us-east-1:111122223333:topic-%d", []string{"Publish", "Subscribe", "GetTopicAttributes", "ListSubscriptionsByTopic", "SetTopicAttributes", "Unsubscribe"}},
	{"logs", "arn:aws:logs:us-east-1:111122223333:log-group:/app/%d:*", []string{"CreateLogStream", "PutLogEvents", "DescribeLogStreams", "GetLogEvents", "FilterLogEvents", "PutRetentionPolicy", "CreateLogGroup", "DeleteLogStream"}},
	{"lambda", "arn:aws:lambda:us-east-1:111122223333:function:fn-%d", []string{"InvokeFunction", "GetFunction", "GetFunctionConfiguration", "UpdateFunctionCode", "UpdateFunctionConfiguration", "PublishVersion", "CreateAlias", "GetPolicy", "TagResource", "ListTags"}},
	{"kms", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-%012d", []string{"Decrypt", "Encrypt", "GenerateDataKey", "DescribeKey", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKeyWithoutPlaintext"}},
	{"secretsmanager", "arn:aws:secretsmanager:us-east-1:111122223333:secret:app-%d-*", []string{"GetSecretValue", "DescribeSecret", "PutSecretValue", "UpdateSecret", "RotateSecret", "TagResource", "UntagResource", "CancelRotateSecret"}},
	{"ssm", "arn:aws:ssm:us-east-1:111122223333:parameter/app/%d/*", []string{"GetParameter", "GetParameters", "GetParametersByPath", "PutParameter", "DeleteParameter", "LabelParameterVersion", "GetParameterHistory", "AddTagsToResource"}},
	{"ecr", "arn:aws:ecr:us-east-1:111122223333:repository/repo-%d", []string{"BatchGetImage", "GetDownloadUrlForLayer", "BatchCheckLayerAvailability", "PutImage", "InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload"}},
	{"ecs", "arn:aws:ecs:us-east-1:111122223333:service/cluster/svc-%d", []string{"UpdateService", "DescribeServices", "CreateService", "DeleteService"}},
	{"eks", "arn:aws:eks:us-east-1:111122223333:cluster/cluster-%d", []string{"DescribeCluster", "AccessKubernetesApi", "UpdateClusterConfig", "TagResource", "UpdateClusterVersion"}},
	{"rds", "arn:aws:rds:us-east-1:111122223333:db:db-%d", []string{"DescribeDBInstances", "ModifyDBInstance", "RebootDBInstance", "CreateDBSnapshot", "StartDBInstance", "StopDBInstance"}},
	{"ec2", "arn:aws:ec2:us-east-1:111122223333:instance/i-%017d", []string{"StartInstances", "StopInstances", "RebootInstances", "TerminateInstances", "CreateTags", "DeleteTags", "ModifyInstanceAttribute", "GetConsoleOutput"}},
	{"cloudwatch", "arn:aws:cloudwatch:us-east-1:111122223333:alarm:alarm-%d", []string{"PutMetricAlarm", "DescribeAlarms", "DeleteAlarms", "SetAlarmState", "EnableAlarmActions", "DisableAlarmActions"}},
	{"events", "arn:aws:events:us-east-1:111122223333:rule/rule-%d", []string{"PutRule", "PutTargets", "RemoveTargets", "DescribeRule", "EnableRule", "DisableRule", "DeleteRule"}},
	{"states", "arn:aws:states:us-east-1:111122223333:stateMachine:machine-%d", []string{"StartExecution", "DescribeStateMachine", "UpdateStateMachine", "StartSyncExecution"}},
	{"kinesis", "arn:aws:kinesis:us-east-1:111122223333:stream/stream-%d", []string{"PutRecord", "PutRecords", "GetRecords", "GetShardIterator", "DescribeStream", "ListShards", "SubscribeToShard", "AddTagsToStream", "MergeShards"}},
	{"firehose", "arn:aws:firehose:us-east-1:111122223333:deliverystream/stream-%d", []string{"PutRecord", "PutRecordBatch", "DescribeDeliveryStream", "UpdateDestination"}},
	{"glue", "arn:aws:glue:us-east-1:111122223333:table/db/table-%d", []string{"GetTable", "GetTables", "GetPartitions", "BatchCreatePartition", "UpdateTable", "GetPartition", "CreatePartition"}},
	{"athena", "arn:aws:athena:us-east-1:111122223333:workgroup/wg-%d", []string{"StartQueryExecution", "GetQueryExecution", "GetQueryResults", "StopQueryExecution", "GetWorkGroup", "GetQueryRuntimeStatistics", "BatchGetQueryExecution"}},
	{"cloudformation", "arn:aws:cloudformation:us-east-1:111122223333:stack/stack-%d/*", []string{"DescribeStacks", "CreateStack", "UpdateStack", "DeleteStack", "DescribeStackEvents", "CreateChangeSet", "ExecuteChangeSet"}},
	{"iam", "arn:aws:iam::111122223333:role/app-%d", []string{"PassRole", "GetRole", "TagRole", "UntagRole", "ListRoleTags", "UpdateAssumeRolePolicy"}},
	{"sts", "arn:aws:iam::111122223333:role/app-%d", []string{"AssumeRole", "TagSession", "SetSourceIdentity"}},
	{"apigateway", "arn:aws:apigateway:us-east-1::/restapis/api-%d/*", []string{"GET", "POST", "PUT", "PATCH", "DELETE"}},
	{"elasticloadbalancing", "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tg-%d/*", []string{"RegisterTargets", "DeregisterTargets", "ModifyTargetGroup", "AddTags"}},
	{"autoscaling", "arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:*:autoScalingGroupName/asg-%d", []string{"SetDesiredCapacity", "UpdateAutoScalingGroup", "TerminateInstanceInAutoScalingGroup", "SuspendProcesses", "ResumeProcesses"}},
	{"route53", "arn:aws:route53:::hostedzone/ZONE%d", []string{"ChangeResourceRecordSets", "GetHostedZone", "ListResourceRecordSets", "ChangeTagsForResource"}},
	{"acm", "arn:aws:acm:us-east-1:111122223333:certificate/cert-%d", []string{"DescribeCertificate", "GetCertificate", "ExportCertificate", "RenewCertificate"}},
	{"xray", "arn:aws:xray:us-east-1:111122223333:group/group-%d/*", []string{"GetGroup", "UpdateGroup", "DeleteGroup"}},
}

const iamHead = `{
  "Version": "2012-10-17",
  "Statement": [`

const iamStmt = `
    {
      "Sid": "Workload%[1]d",
      "Effect": "Allow",
      "Action": [%[2]s],
      "Resource": ["%[3]s"],
      "Condition": {"StringEquals": {"aws:ResourceAccount": "111122223333", "aws:RequestedRegion": "us-east-1"}}
    }`

// IAMPolicy returns an identity policy of at most size bytes whose
// statements, one per service and resource, name the same 200 actions of
// 30 services over and over, numbered resources making each statement its
// own. It lints clean as an IAM policy.
func IAMPolicy(size int) []byte {
	var b strings.Builder
	b.WriteString(iamHead)
	for i := 0; ; i++ {
		g := iamActions[i%len(iamActions)]
		names := make([]string, len(g.actions))
		for j, a := range g.actions {
			names[j] = `"` + g.service + ":" + a + `"`
		}
		resource := g.resource
		if strings.Contains(resource, "%") {
			resource = fmt.Sprintf(resource, i)
		}
		stmt := fmt.Sprintf(iamStmt, i, strings.Join(names, ", "), resource)
		if i > 0 {
			stmt = "," + stmt
		}
		if b.Len()+len(stmt)+len(tail) > size && i > 0 {
			break
		}
		b.WriteString(stmt)
	}
	b.WriteString(tail)
	return []byte(b.String())
}

// IAMActionCount is the number of distinct actions IAMPolicy names, and
// IAMServiceCount of services.
func IAMActionCount() (actions, services int) {
	seen := map[string]bool{}
	svcs := map[string]bool{}
	for _, g := range iamActions {
		svcs[g.service] = true
		for _, a := range g.actions {
			seen[g.service+":"+a] = true
		}
	}
	return len(seen), len(svcs)
}
