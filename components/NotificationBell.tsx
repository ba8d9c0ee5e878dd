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
      <span aria-hidden="true">🔔</span>
      {unread ? <span className="bell-count">{unread > 99 ? "99+" : unread}</span> : null}
    </Link>
  );
}
