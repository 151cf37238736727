package io.ferrymq.remoting.protocol;

/** The sender's language as carried in every command header; codes as in RocketMQ. */
public enum LanguageCode {
    JAVA(0), CPP(1), DOTNET(2), PYTHON(3), DELPHI(4), ERLANG(5), RUBY(6), OTHER(7), HTTP(8), GO(9), PHP(10), OMS(11),
    RUST(12), NODE_JS(13);

    private static final LanguageCode[] BY_CODE = new LanguageCode[14];

    static {
        for (LanguageCode l : values()) {
            BY_CODE[l.code] = l;
        }
    }

    private final byte code;

    LanguageCode(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** Unknown codes read as OTHER: a newer client must not be refused for its language byte alone. */
    public static LanguageCode ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : OTHER;
    }

    public static LanguageCode ofName(String name) {
        if (name == null) {
            return OTHER;
        }
        for (LanguageCode l : values()) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return OTHER;
    }
}
