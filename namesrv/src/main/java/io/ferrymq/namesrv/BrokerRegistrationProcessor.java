package io.ferrymq.namesrv;

import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonException;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.RegisterBrokerRequestHeader;
import io.ferrymq.remoting.protocol.header.RegisterBrokerResponseHeader;
import io.ferrymq.remoting.protocol.header.UnregisterBrokerRequestHeader;
import io.ferrymq.remoting.protocol.route.DataVersion;
import io.ferrymq.remoting.protocol.route.TopicConfig;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/** Broker registration family: REGISTER_BROKER, UNREGISTER_BROKER, QUERY_DATA_VERSION. Stateless. */
final class BrokerRegistrationProcessor implements RequestProcessor {
    private final RouteInfoTable routes;
    private final Clock clock;

    BrokerRegistrationProcessor(RouteInfoTable routes, Clock clock) {
        this.routes = routes;
        this.clock = clock;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return switch (request.code()) {
            case RequestCode.REGISTER_BROKER -> register(channel, request);
            case RequestCode.UNREGISTER_BROKER -> unregister(request);
            case RequestCode.QUERY_DATA_VERSION -> queryDataVersion(request);
            default -> throw new IllegalArgumentException("not a registration request: " + request.code());
        };
    }

    private RemotingCommand register(RemotingChannel channel, RemotingCommand request) throws Exception {
        RegisterBrokerRequestHeader h = request.header(RegisterBrokerRequestHeader.class);
        byte[] body = request.body() == null ? new byte[0] : request.body();
        if (h.bodyCrc32 != null && h.bodyCrc32 != 0) {
            CRC32 crc = new CRC32();
            crc.update(body);
            if ((int) (crc.getValue() & 0x7FFFFFFF) != h.bodyCrc32) {
                return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "crc32 not match");
            }
        }
        if (h.compressed) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "FMQ-NAMESRV-020 compressed broker registration is not supported; set compressedRegister=false");
        }
        DataVersion version = DataVersion.initial(0);
        List<TopicConfig> topics = new ArrayList<>();
        if (body.length > 0) {
            try {
                JsonObject wrapper = Json.parseObject(body).getObject("topicConfigSerializeWrapper");
                if (wrapper != null) {
                    version = DataVersion.fromJson(wrapper.getObject("dataVersion"));
                    JsonObject table = wrapper.getObject("topicConfigTable");
                    if (table != null) {
                        for (Map.Entry<Object, Object> e : table.entries()) {
                            topics.add(TopicConfig.fromJson(String.valueOf(e.getKey()), (JsonObject) e.getValue()));
                        }
                    }
                }
            } catch (JsonException | ClassCastException e) {
                return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                        "FMQ-NAMESRV-021 register broker failed: malformed body: " + e.getMessage());
            }
        }
        RouteInfoTable.Registration r = routes.register(h.clusterName, h.brokerAddr, h.brokerName, h.brokerId,
                h.haServerAddr, version, body.length > 0 ? topics : null, channel, clock.millis());
        RegisterBrokerResponseHeader response = new RegisterBrokerResponseHeader();
        response.masterAddr = r.masterAddr();
        response.haServerAddr = r.haServerAddr();
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).header(response);
    }

    private RemotingCommand unregister(RemotingCommand request) throws Exception {
        UnregisterBrokerRequestHeader h = request.header(UnregisterBrokerRequestHeader.class);
        routes.unregister(h.brokerAddr, "unregistered by the broker");
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand queryDataVersion(RemotingCommand request) throws Exception {
        UnregisterBrokerRequestHeader h = request.header(UnregisterBrokerRequestHeader.class);
        DataVersion asked = request.body() == null || request.body().length == 0 ? null
                : DataVersion.fromJson(Json.parseObject(request.body()));
        DataVersion known = routes.touch(h.brokerAddr, clock.millis());
        boolean changed = known == null || !known.equals(asked);
        RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .putExt("changed", Boolean.toString(changed));
        if (known != null) {
            response.body(Json.writeBytes(known.toJson()));
        }
        return response;
    }
}
