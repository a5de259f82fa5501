/**
 * The dead-letter screen: a paged table of dead letters (one query at a time, 100 a page, jumps by number in one
 * queue and cursors across queues), the failure groups beside it, the selected message in full, and the operator's
 * recoveries (replay, edit, purge, restore, export, import), each bulk one previewed by the engine's dry run and
 * followed by a progress bar that pauses, resumes and cancels. {@link io.redrive.console.deadletters.DeadLettersViewModel}
 * holds the state and commands; the view binds to it and adds the dialogs only a window can show.
 */
package io.redrive.console.deadletters;
