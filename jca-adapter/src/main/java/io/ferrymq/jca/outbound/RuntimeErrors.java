package io.ferrymq.jca.outbound;

import io.ferrymq.jms.UncheckedJms;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;

/** Calls into the classic API from the simplified one: checked JMSExceptions become their unchecked forms. */
final class RuntimeErrors {
    private RuntimeErrors() {
    }

    interface Call<T> {
        T call() throws JMSException;
    }

    interface Action {
        void run() throws JMSException;
    }

    static <T> T unchecked(Call<T> call) {
        try {
            return call.call();
        } catch (JMSException e) {
            throw toRuntime(e);
        }
    }

    static void uncheckedRun(Action action) {
        try {
            action.run();
        } catch (JMSException e) {
            throw toRuntime(e);
        }
    }

    static JMSRuntimeException toRuntime(JMSException e) {
        return UncheckedJms.of(e);
    }
}
