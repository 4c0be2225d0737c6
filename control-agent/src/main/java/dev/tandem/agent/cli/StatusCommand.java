package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.Views.InstanceView;
import dev.tandem.agent.Views.MigrationView;
import dev.tandem.agent.Views.StatusView;
import dev.tandem.agent.console.TextTable;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** {@code status}: config version and barrier, migrations, instances (who lags), active jobs. */
@Command(name = "status", description = "Show the config version and its barrier, each migration's phase, each "
    + "driver instance (version seen, heartbeat, live or gone, lagging) and the active jobs.")
final class StatusCommand extends AgentCommand {
    @Override
    int run(Agent agent) {
        StatusView s = agent.status();
        PrintWriter out = out();
        out.println("Config version " + s.configVersion());
        Text.barrier(out, s.barrier());
        out.println();
        migrations(out, s.migrations());
        out.println();
        instances(out, s.instances());
        out.println();
        JobsCommand.print(out, s.activeJobs(), "No active jobs.");
        return ExitCodes.OK;
    }

    private static void migrations(PrintWriter out, List<MigrationView> migrations) {
        if (migrations.isEmpty()) {
            out.println("No migrations published; run 'tandem-agent reload'.");
            return;
        }
        TextTable t = new TextTable("MIGRATION", "TABLE", "PHASE", "VERSION", "READ-NEW%", "SHADOW%", "UPDATED",
            "BY");
        for (MigrationView m : migrations) {
            t.row(m.id(), m.table(), m.phase() + (m.reversePending() ? " (reverse backfill pending)" : ""),
                m.version(), m.readNewPercent(), m.shadowReadPercent(), Text.instant(m.updatedAt()), m.updatedBy());
        }
        t.print(out);
    }

    private static void instances(PrintWriter out, List<InstanceView> instances) {
        if (instances.isEmpty()) {
            out.println("No driver instances have reported.");
            return;
        }
        TextTable t = new TextTable("INSTANCE", "APP", "HOST", "VERSION", "HEARTBEAT", "STATE");
        for (InstanceView i : instances) {
            String state = i.live() ? "live" : "gone (no heartbeat within its lease of "
                + Text.duration(Duration.ofMillis(i.leaseMs())) + ")";
            if (i.heartbeatInFuture()) {
                state = "FORGED (heartbeat in the future; holds the barrier)";
            }
            if (i.live() && i.lagging()) {
                state += ", LAGGING";
            }
            t.row(i.instanceId(), i.app(), i.host(), i.versionSeen(), Text.ago(i.heartbeatAgeMs()), state);
        }
        t.print(out);
    }
}
