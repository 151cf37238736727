package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/** GET_TOPICS_BY_CLUSTER (224) request header. */
public class ClusterRequestHeader {
    @Required
    public String cluster;
}
