package io.redrive.cli;

import io.redrive.ops.Actor;
import picocli.CommandLine.Option;

/** Who the audit log says acted, for commands that change something. */
final class ActorOption {
    @Option(names = "--actor", paramLabel = "NAME",
            description = "Who to record in the audit log (default: this OS user @ this host)")
    String name;

    Actor actor() {
        return name == null || name.isBlank() ? Actor.current() : Actor.named(name);
    }
}
