import { redirect } from "next/navigation";
import { getMember } from "@/lib/server/session";

// Where signing in lands: reviewers in their queue (what is assigned to them), the others in the documents.
export default async function Home() {
  const member = await getMember();
  redirect(member?.role === "REVIEWER" ? "/queue" : "/documents");
}
