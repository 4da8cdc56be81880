import type { AwsConfig, AwsService } from '../config/runtime-config';

/**
 * An SDK client's constructor options for `service`: nothing in Lambda (the SDK's own region,
 * credentials and endpoints), explicit endpoints, region and credentials locally. Kept free of SDK
 * imports so each function bundles only the clients it uses.
 */
export function clientConfig(
  aws: AwsConfig,
  service: AwsService,
): { region?: string; credentials?: { accessKeyId: string; secretAccessKey: string }; endpoint?: string } {
  const endpoint = aws.endpoints?.[service];
  return {
    ...(aws.region ? { region: aws.region } : {}),
    ...(aws.credentials ? { credentials: aws.credentials } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
}
