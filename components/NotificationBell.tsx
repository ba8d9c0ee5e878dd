"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { callApi } from "./api-client";

/** The bell in the top bar: how many notifications are unread, refreshed on each page and every minute. */
export function NotificationBell() {
  const pathname = usePathname();
  const [unread, setUnread] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      void callApi<{ unread: number }>("GET", "/api/notifications").then((r) => {
        if (live && r.ok) setUnread(r.data.unread);
      });
    load();
    const timer = setInterval(load, 60_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [pathname]);
  const label = unread ? `Notifications: ${unread} unread` : "Notifications";
  return (
    <Link href="/notifications" className="bell" aria-label={label} title={label} data-testid="bell">
      {/* An SVG, not the emoji: not every system has an emoji font (headless Chromium here has none). */}
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" style={{ verticalAlign: "-3px" }}>
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.73 21a2 2 0 0 1-3.46 0" />
      </svg>
      {unread ? <span className="bell-count">{unread > 99 ? "99+" : unread}</span> : null}
    </Link>
  );
}
