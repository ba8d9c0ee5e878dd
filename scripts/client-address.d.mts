import type { IncomingMessage } from "node:http";

export declare const CLIENT_IP_HEADER: string;
export declare function compileTrust(setting: string | undefined | null): (addr: string, hop: number) => boolean;
export declare function normaliseIp(addr: unknown): string | null;
export declare function stripUntrustedForwarding(req: IncomingMessage, trust: (addr: string, hop: number) => boolean): void;
export declare function clientAddress(req: IncomingMessage, trust: (addr: string, hop: number) => boolean): string | null;
