package dev.weft.it.support;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * JUnit extension for every IT class: when a test fails with any throwable (an assertion
 * without a description, a socket timeout, a parse error), it attaches the diagnostics of every
 * {@link WeftProcess} the test launched (config, stderr, stdout, access log) as a suppressed
 * exception, so the report explains the failure without a rerun. Processes already closed by
 * try-with-resources still report what they had at close. Assumes tests of one JVM run one at a
 * time (the failsafe default).
 */
public final class WeftDiagnostics implements BeforeEachCallback, TestExecutionExceptionHandler {

    @Override
    public void beforeEach(ExtensionContext context) {
        WeftProcess.forgetLaunched();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        String diagnostics = WeftProcess.launchedDiagnostics();
        String message = String.valueOf(failure.getMessage());
        if (!diagnostics.isEmpty() && !message.contains("=== weft ")) {
            failure.addSuppressed(new WeftState(diagnostics));
        }
        throw failure;
    }

    /** Carries the diagnostics text into the failure report; never thrown on its own. */
    static final class WeftState extends Exception {
        WeftState(String diagnostics) {
            super("weft state at failure:" + diagnostics, null, false, false);
        }
    }
}
