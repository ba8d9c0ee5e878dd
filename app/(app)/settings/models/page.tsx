import type { Metadata } from "next";
import Link from "next/link";
import { TeamModels } from "@/components/settings/TeamModels";
import { can } from "@/lib/domain/permissions";
import { requirePageMember } from "@/lib/server/session";
import { listTeamModels, shippedModelDtos } from "@/lib/server/team-models";

export const metadata: Metadata = { title: "Assistance models" };

export default async function ModelsPage() {
  const member = await requirePageMember("/settings/models");
  if (!can(member, "team.settings"))
    return (
      <main className="page">
        <h1>Assistance models</h1>
        <p className="empty">Only an admin of {member.teamName} can retrain or switch the team’s assistance models. <Link href="/settings">Back to settings</Link></p>
      </main>
    );
  const models = await listTeamModels(member);
  return (
    <main className="page">
      <h1>Assistance models</h1>
      <p className="muted">
        The opinion, check-worthiness and who-said-it hints of {member.teamName} come from models trained on public data. Retrain them with your own
        work: each verdict, dismissal and correction is a label, and the result is scored on your own held-out documents before you choose to use it. A team’s model is used for
        its own claims only. <Link href="/settings">Back to settings</Link>
      </p>
      <TeamModels shipped={shippedModelDtos()} initial={models} />
    </main>
  );
}
