import type { Metadata } from "next";
import { NotificationList } from "@/components/NotificationList";
import { listNotifications } from "@/lib/server/notifications";
import { requirePageMember } from "@/lib/server/session";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const member = await requirePageMember("/notifications");
  const { unread, notifications } = await listNotifications(member);
  return (
    <main className="page" style={{ maxWidth: 800 }}>
      <h1>Notifications</h1>
      <NotificationList initial={notifications} unread={unread} />
    </main>
  );
}
