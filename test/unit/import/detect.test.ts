// The detection table: our platforms by documented shape, foreign formats as custom
// keys with their service, and context (names, URLs) when the value says nothing.
import { describe, expect, it } from 'vitest';
import { detect, environmentFromContext } from '../../../src-main/core/transfer/import/detect-rules.js';

const jwt = (claims: object) =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

describe('detect', () => {
  it.each([
    ['knouds_live_7Hq2mV9xLp4Rt8Wz3Ka1', [], 'knouds', 'high', undefined],
    [jwt({ organization: 'acme', token_name: 'ci' }), [], 'kubiya', 'medium', undefined],
    [jwt({ organization: 'acme', token_name: 'ci' }), ['KUBIYA_KEY'], 'kubiya', 'high', undefined],
    [jwt({ tenantId: 't-1', exp: 1893456000 }), [], 'kaana', 'low', undefined],
    // The vendor's own code documents kgn_pat_ (issue 11): the prefix alone is sure.
    ['kgn_pat_Zx8Yw7Vu6Ts5Rq4Po3Nm', [], 'kognitos', 'high', undefined],
    ['ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8', [], 'custom', 'high', 'github'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnop', [], 'custom', 'high', 'github'],
    ['sk_live_51HxAbCdEfGhIjKlMnOpQr', [], 'custom', 'high', 'stripe'],
    ['AKIAIOSFODNN7EXAMPLE', [], 'custom', 'high', 'aws'],
    ['xoxb-1234567890-0987654321-AbCdEfGhIjKl', [], 'custom', 'high', 'slack'],
    ['sk-proj-abcdefghijklmnopqrstuvwxyz012345', [], 'custom', 'high', 'openai'],
    ['0123456789abcdef', ['KAI_API_KEY'], 'kai', 'medium', undefined],
    ['0123456789abcdef', ['Team login', 'https://app.kaana.com/login'], 'kaana', 'medium', undefined],
    ['0123456789abcdef', ['https://app.us-1.kognitos.com'], 'kognitos', 'medium', undefined],
    ['0123456789abcdef', ['MY_SECRET'], 'custom', 'none', undefined],
  ] as const)('%s in %j -> %s (%s)', (value, context, platform, confidence, service) => {
    const d = detect(value, context);
    expect([d.platform, d.confidence, d.service]).toEqual([platform, confidence, service]);
    expect(d.reason).not.toContain(value);
  });

  it('a name or URL naming another platform beats a prefix only seen in community code', () => {
    // k1_ appears in Kubiya's docs, but the variable says KAI.
    expect(detect('k1_abcdefabcdefabcdef1234', ['KAI_API_KEY'])).toMatchObject({
      platform: 'kai',
      confidence: 'medium',
    });
    expect(detect('k1_abcdefabcdefabcdef1234', ['KUBIYA_TOKEN'])).toMatchObject({
      platform: 'kubiya',
      confidence: 'high',
    });
    // A documented prefix still wins over any name.
    expect(detect('knouds_live_7Hq2mV9xLp4Rt8Wz3Ka1', ['KAI_API_KEY']).platform).toBe('knouds');
  });

  it('a community shape agreeing with the name wins; else the name beats the URL; else the URL; else the shape', () => {
    const kubiya = jwt({ organization: 'acme', token_name: 'ci' });
    // Bitwarden: the hidden field "Kubiya token" of an entry whose login is on knouds.ai.
    expect(detect(kubiya, ['Kubiya token', 'Knouds deploy', 'https://knouds.ai/app/api/keys'])).toMatchObject({
      platform: 'kubiya',
      confidence: 'high',
    });
    // A field named for KAI in an entry on kaana.com.
    expect(detect('0123456789abcdef', ['KAI api key', 'Team', 'https://app.kaana.com/login'])).toMatchObject({
      platform: 'kai',
      confidence: 'medium',
      reason: 'the name mentions kai',
    });
    // The URL agrees with the shape: high.
    expect(detect(kubiya, ['Runner', 'https://app.kubiya.ai'])).toMatchObject({
      platform: 'kubiya',
      confidence: 'high',
    });
    // The URL names another platform and no name does: the URL, saying what the format looked like.
    expect(detect(kubiya, ['Runner', 'https://knouds.ai/app'])).toMatchObject({
      platform: 'knouds',
      confidence: 'medium',
      reason: 'URL on knouds.ai (its format looks like kubiya)',
    });
    // A documented shape wins over any name and URL.
    expect(detect('knouds_live_7Hq2mV9xLp4Rt8Wz3Ka1', ['KAI key', 'https://app.kaana.com'])).toMatchObject({
      platform: 'knouds',
      confidence: 'high',
    });
  });

  it('a key that came with an instance id is a KAI credential', () => {
    expect(detect('k1_abcdefabcdefabcdef1234', ['API_KEY'], { pairedInstanceId: true })).toMatchObject({
      platform: 'kai',
      confidence: 'medium',
    });
    expect(detect('0123456789abcdef', ['KAI_API_KEY'], { pairedInstanceId: true }).confidence).toBe('high');
  });

  it('reads the environment from prefixes and names', () => {
    expect(detect('sk_live_51HxAbCdEfGhIjKlMnOpQr', []).environment).toBe('production');
    expect(detect('sk_test_51HxAbCdEfGhIjKlMnOpQr', ['STRIPE_KEY_PROD']).environment).toBe('test');
    expect(detect('knouds_live_7Hq2mV9xLp4Rt8Wz3Ka1', ['KNOUDS_KEY_STAGING']).environment).toBe('staging');
    expect(environmentFromContext(['Root', 'Production'])).toBe('production');
    expect(environmentFromContext(['DEV_TOKEN'])).toBe('development');
    expect(environmentFromContext(['https://prod.example.com'])).toBeUndefined();
    expect(environmentFromContext(['PRODUCT_KEY'])).toBeUndefined();
  });
});
