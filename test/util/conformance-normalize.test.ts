/** The conformance corpus's normaliser (test/conformance/normalize.ts) drops only what is random by nature. */
import { describe, expect, it } from 'vitest';
import { normalize } from '../conformance/normalize.js';

describe('conformance normalize', () => {
  it("drops client-go's WebSocket race line, and nothing else of stderr", () => {
    const race = 'E1204 23:39:30.099995   32209 websocket.go:296] Unknown stream id 1, discarding message\n';
    expect(normalize(race)).toBe('');
    expect(normalize(`${race}error: pod not found\n`)).toBe('error: pod not found\n');
    // Another klog error of the same file is a difference worth seeing.
    const other = 'E1204 23:39:30.099995   32209 websocket.go:296] stream closed unexpectedly\n';
    expect(normalize(other)).toContain('stream closed unexpectedly');
  });
});
