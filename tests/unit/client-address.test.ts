// Who the client is, behind zero or more trusted proxies (scripts/client-address.mjs, decision 0016).
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddress, compileTrust, normaliseIp, stripUntrustedForwarding } from "@/scripts/client-address.mjs";

function request(peer: string, headers: Record<string, string> = {}): IncomingMessage {
  return { socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers: { ...headers } } as unknown as IncomingMessage;
}

describe("normaliseIp", () => {
  it.each([
    ["10.0.0.1", "10.0.0.1"],
    ["::ffff:10.0.0.1", "10.0.0.1"],
    ["::1", "::1"],
    [" 2001:db8::1 ", "2001:db8::1"],
    ["fe80::1", "fe80::1"],
  ])("%j is %j", (raw, ip) => expect(normaliseIp(raw)).toBe(ip));

  it.each(["", "unknown", "<script>", "10.0.0.256", "1.2.3.4:80", "example.com", "1.2.3.4, 5.6.7.8", null, undefined, 42])("%j is not an IP", (raw) => {
    expect(normaliseIp(raw)).toBeNull();
  });
});

describe("without TRUSTED_PROXIES", () => {
  const trust = compileTrust(undefined);

  it("the client is the socket peer, whatever X-Forwarded-For says", () => {
    expect(clientAddress(request("203.0.113.9", { "x-forwarded-for": "6.6.6.6" }), trust)).toBe("203.0.113.9");
    expect(clientAddress(request("::ffff:203.0.113.9"), compileTrust(""))).toBe("203.0.113.9");
  });

  it("every forwarding header is removed before the app sees the request", () => {
    const req = request("127.0.0.1", { "x-forwarded-for": "6.6.6.6", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", forwarded: "for=6.6.6.6", "x-real-ip": "6.6.6.6", host: "app.example" });
    stripUntrustedForwarding(req, trust);
    expect(req.headers).toEqual({ host: "app.example" });
  });
});

describe("with TRUSTED_PROXIES", () => {
  it("loopback: the address the local proxy saw", () => {
    const trust = compileTrust("loopback");
    expect(clientAddress(request("127.0.0.1", { "x-forwarded-for": "198.51.100.7" }), trust)).toBe("198.51.100.7");
    // A client that writes its own X-Forwarded-For only adds entries to the left of what the proxy appends.
    expect(clientAddress(request("127.0.0.1", { "x-forwarded-for": "6.6.6.6, 198.51.100.7" }), trust)).toBe("198.51.100.7");
    // From outside the trusted set, the header counts for nothing and is stripped.
    const outside = request("198.51.100.7", { "x-forwarded-for": "6.6.6.6", "x-forwarded-host": "evil.example" });
    expect(clientAddress(outside, trust)).toBe("198.51.100.7");
    stripUntrustedForwarding(outside, trust);
    expect(outside.headers["x-forwarded-host"]).toBeUndefined();
  });

  it("a chain of trusted proxies by CIDR is walked right to left to the first untrusted address", () => {
    const trust = compileTrust("10.0.0.0/8, 192.168.1.1");
    expect(clientAddress(request("10.1.2.3", { "x-forwarded-for": "6.6.6.6, 198.51.100.7, 192.168.1.1" }), trust)).toBe("198.51.100.7");
    const kept = request("10.1.2.3", { "x-forwarded-host": "app.example" });
    stripUntrustedForwarding(kept, trust);
    expect(kept.headers["x-forwarded-host"]).toBe("app.example");
  });

  it("a number of hops trusts that many proxies in front, no more", () => {
    const req = request("10.0.0.2", { "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.1" });
    expect(clientAddress(req, compileTrust("1"))).toBe("10.0.0.1");
    expect(clientAddress(req, compileTrust("2"))).toBe("198.51.100.7");
  });

  it("a hop that is not an IP literal ends the walk at the proxy that passed it on", () => {
    const trust = compileTrust("loopback");
    expect(clientAddress(request("127.0.0.1", { "x-forwarded-for": "<script>alert(1)</script>" }), trust)).toBe("127.0.0.1");
    expect(clientAddress(request("127.0.0.1", { "x-forwarded-for": "unknown" }), trust)).toBe("127.0.0.1");
  });

  it("a setting proxy-addr cannot read is an error at start, not a silent trust-nothing", () => {
    expect(() => compileTrust("not-a-range")).toThrow();
  });
});
