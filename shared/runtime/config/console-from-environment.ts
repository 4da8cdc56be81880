import type { ConsolePageConfig } from '../../console/assets/console-page';
import { eventProcessorConfigFromEnvironment } from './from-environment';
import type { EventProcessorConfig } from './runtime-config';
import type { Environment } from './variables';

/** The console function's config: the engine's (it acts as the CLI does) and its sign-in. */
export interface ConsoleConfig extends Pick<EventProcessorConfig, 'aws' | 'telemetry' | 'engine'> {
  /** Sign-in required (AWS): the JWT authorizer checked the token; its groups decide. */
  requireSignIn: boolean;
  page: ConsolePageConfig;
}

const DEFAULT_REFRESH_SECONDS = 15;

/**
 * The engine's variables, and CONSOLE_SIGN_IN_DOMAIN + CONSOLE_CLIENT_ID (the Cognito hosted
 * sign-in the stack creates): both set, or neither (then there is no sign-in, as locally).
 */
export function consoleConfigFromEnvironment(source: Environment): ConsoleConfig {
  const { aws, telemetry, engine } = eventProcessorConfigFromEnvironment(source);
  const domain = source.CONSOLE_SIGN_IN_DOMAIN?.trim();
  const clientId = source.CONSOLE_CLIENT_ID?.trim();
  if (!!domain !== !!clientId)
    throw new Error('CONSOLE_SIGN_IN_DOMAIN and CONSOLE_CLIENT_ID are set together, or neither');
  return {
    aws,
    telemetry,
    engine,
    requireSignIn: !!domain,
    page: {
      refreshSeconds: DEFAULT_REFRESH_SECONDS,
      ...(domain && clientId ? { signIn: { domain, clientId } } : {}),
    },
  };
}
