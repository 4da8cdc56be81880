import { isLoopbackAddress } from '../../../infra/local/loopback';

it('tells this machine’s loopback addresses from the network’s', () => {
  for (const address of ['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1', 'localhost'])
    expect(`${address}: ${isLoopbackAddress(address)}`).toBe(`${address}: true`);
  for (const address of [
    '0.0.0.0',
    '::',
    '192.0.2.2',
    'fd00::2',
    '::ffff:10.0.0.1',
    '127.example.com',
    undefined,
  ])
    expect(`${String(address)}: ${isLoopbackAddress(address)}`).toBe(`${String(address)}: false`);
});
