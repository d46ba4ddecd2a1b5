"""`tf.saved_model.SaveOptions` and `LoadOptions`.

numtf's SavedModel has no devices, debug info, sharding or custom-op namespaces, so only the
defaults of those options are accepted; another value raises NotImplementedError naming the
option (rather than being silently ignored).

    >>> tf.saved_model.save(model, "saved/1", options=tf.saved_model.SaveOptions())
"""


def _check(kind, given, allowed):
    for name, value in given.items():
        if value not in allowed.get(name, (None, False)):
            raise NotImplementedError(f"tf.saved_model.{kind}({name}={value!r}) is not supported by numtf's "
                                      "SavedModel format.")


class SaveOptions:
    """Options of `tf.saved_model.save` (only the defaults are supported)."""

    def __init__(self, namespace_whitelist=None, save_debug_info=False, function_aliases=None,
                 experimental_debug_stripper=False, experimental_io_device=None, experimental_variable_policy=None,
                 experimental_custom_gradients=True, experimental_image_format=False, experimental_skip_saver=False,
                 experimental_sharding_callback=None, extra_tags=None):
        _check("SaveOptions", dict(namespace_whitelist=namespace_whitelist, save_debug_info=save_debug_info,
                                   function_aliases=function_aliases or None,
                                   experimental_debug_stripper=experimental_debug_stripper,
                                   experimental_io_device=experimental_io_device,
                                   experimental_variable_policy=experimental_variable_policy,
                                   experimental_custom_gradients=experimental_custom_gradients,
                                   experimental_image_format=experimental_image_format,
                                   experimental_skip_saver=experimental_skip_saver,
                                   experimental_sharding_callback=experimental_sharding_callback,
                                   extra_tags=extra_tags or None),
               {"experimental_custom_gradients": (True, False)})
        self.namespace_whitelist = namespace_whitelist
        self.save_debug_info = save_debug_info
        self.function_aliases = function_aliases or {}
        self.experimental_custom_gradients = experimental_custom_gradients
        self.experimental_io_device = experimental_io_device
        self.experimental_variable_policy = experimental_variable_policy


class LoadOptions:
    """Options of `tf.saved_model.load` (`allow_partial_checkpoint` is accepted: numtf always
    restores every saved variable)."""

    def __init__(self, allow_partial_checkpoint=False, experimental_io_device=None, experimental_skip_checkpoint=False,
                 experimental_variable_policy=None, experimental_load_function_aliases=False):
        _check("LoadOptions", dict(experimental_io_device=experimental_io_device,
                                   experimental_skip_checkpoint=experimental_skip_checkpoint,
                                   experimental_variable_policy=experimental_variable_policy,
                                   experimental_load_function_aliases=experimental_load_function_aliases), {})
        self.allow_partial_checkpoint = allow_partial_checkpoint
        self.experimental_io_device = experimental_io_device
