package io.ferrymq.broker.longpolling;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RemotingCommandException;
import org.slf4j.Logger;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs a long-polling request (a held pull or receive) once more on its processor's executor and writes the answer;
 * a full executor answers SYSTEM_BUSY, as RocketMQ's flow control does. Stateless.
 */
public final class HeldRequests {

    /** Answers the held request again: the response, or null when the request was held once more. */
    @FunctionalInterface
    public interface Answer {
        RemotingCommand answer() throws RemotingCommandException;
    }

    private HeldRequests() {
    }

    /** @param failure the log line's stable code and words, e.g. "FMQ-BROKER-061 re-running a held pull failed" */
    public static void rerun(Executor executor, RemotingChannel channel, RemotingCommand request, Answer answer,
                             Logger log, String failure) {
        try {
            executor.execute(() -> {
                try {
                    RemotingCommand response = answer.answer();
                    if (response != null) {
                        channel.write(response);
                    }
                } catch (RemotingCommandException | RuntimeException e) {
                    log.warn("{}: {}", failure, e.toString());
                    channel.write(RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, e.toString()));
                }
            });
        } catch (RejectedExecutionException e) {
            channel.write(RemotingCommand.responseTo(request, ResponseCode.SYSTEM_BUSY,
                    "[OVERLOAD]system busy, start flow control for a while"));
        }
    }
}
