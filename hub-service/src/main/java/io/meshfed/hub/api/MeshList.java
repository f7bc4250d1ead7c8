package io.meshfed.hub.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Every declared mesh. */
@Schema(name = "MeshList")
public record MeshList(List<MeshView> meshes) {}
