"""Writes the GGUF fixtures with gguf-py (the llama.cpp project's own GGUF writer): tiny models
(one 4-float tensor) whose general.* metadata is what llama.cpp's convert_hf_to_gguf.py writes
from a Hugging Face model card (license, license_name / license_link, base_model, datasets),
plus a tokenizer string array that a reader must step over. ``python make_gguf.py``"""

import numpy as np
from gguf import GGUFWriter


def write(path: str, name: str, license: str, bases: list[tuple[str, str, str]],
          license_name: str | None = None, license_link: str | None = None,
          datasets: list[tuple[str, str, str]] = ()) -> None:
    w = GGUFWriter(path, "llama")
    w.add_type("model")
    w.add_name(name)
    w.add_license(license)
    if license_name:
        w.add_license_name(license_name)
    if license_link:
        w.add_license_link(license_link)
    w.add_base_model_count(len(bases))
    for i, (base, org, repo) in enumerate(bases):
        w.add_base_model_name(i, base)
        w.add_base_model_organization(i, org)
        w.add_base_model_repo_url(i, repo)
    if datasets:
        w.add_dataset_count(len(datasets))
    for i, (data, org, repo) in enumerate(datasets):
        w.add_dataset_name(i, data)
        w.add_dataset_organization(i, org)
        w.add_dataset_repo_url(i, repo)
    w.add_tags(["text-generation", "gguf"])
    w.add_token_list([f"tok{i}" for i in range(1000)])
    w.add_context_length(2048)
    w.add_tensor("token_embd.weight", np.arange(4, dtype=np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


write("llama-3.2-1b-finetune.gguf", "Llama 3.2 1B Support Bot", "llama3.2",
      [("Llama 3.2 1B Instruct", "Meta Llama",
        "https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct")])
write("qwen-research-merge.gguf", "Qwen2.5 3B Merge", "other",
      [("Qwen2.5 3B", "Qwen", "https://huggingface.co/Qwen/Qwen2.5-3B"),
       ("Qwen2.5 3B Instruct", "Qwen", "https://huggingface.co/Qwen/Qwen2.5-3B-Instruct")],
      license_name="qwen-research",
      license_link="https://huggingface.co/Qwen/Qwen2.5-3B/blob/main/LICENSE")
write("apache-no-base.gguf", "Tiny Apache Model", "apache-2.0", [])
# the datasets as convert_hf_to_gguf.py writes them from a card's ``datasets`` (a repository URL
# without ``datasets/``), and one with it, as a hand-made file may have
write("llama-3.1-8b-nc-tune.gguf", "Llama 3.1 8B NC Tune", "llama3.1",
      [("Llama 3.1 8B", "Meta Llama", "https://huggingface.co/meta-llama/Llama-3.1-8B")],
      datasets=[("Nc Chat", "Someone", "https://huggingface.co/someone/nc-chat"),
                ("Open Set", "Other", "https://huggingface.co/datasets/other/open-set")])
