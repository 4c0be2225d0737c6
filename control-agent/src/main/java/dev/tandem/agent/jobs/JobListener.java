package dev.tandem.agent.jobs;

import dev.tandem.agent.Views.JobView;

/** Progress of one job, for the CLI's progress bar and for tests. Called on the job's thread. */
public interface JobListener {
    JobListener NONE = new JobListener() {
    };

    default void started(JobView job) {
    }

    /** After each committed chunk. */
    default void progress(JobView job) {
    }

    default void finished(JobView job) {
    }
}
